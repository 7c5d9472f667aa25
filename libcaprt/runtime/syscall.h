// The one system call, cap_enter. Kept inline so the ring client and the
// hostile-input probes issue exactly the instruction sequence the ABI names.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"

namespace caprt {

// Submits every pending SQE, then waits until at least `min_complete` CQEs
// are unread or `timeout_ns` has passed. Returns the number of unread CQEs, or
// a negative abi::Error value for a broken ring header.
inline int64_t CapEnter(uint64_t min_complete, uint64_t timeout_ns) {
  int64_t ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(abi::kSysCapEnter), "D"(min_complete), "S"(timeout_ns)
               : "rcx", "r11", "memory");
  return ret;
}

}  // namespace caprt
