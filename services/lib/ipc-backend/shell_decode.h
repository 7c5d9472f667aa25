// What a shell's call says, decoded from the bytes its RECV delivered. A
// shell is a process of its own and may be compromised, so this is the
// parser of untrusted input between it and the front end: pure (host
// tested and fuzzed: shell_decode_test, shell_decode_fuzz), with every
// pointer it returns inside `recv`.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"

namespace ipc_backend {

// What a shell's call is, once taken.
enum class ShellCall : uint8_t { kInput, kOutput, kRequest, kBad };

struct ShellCallView {
  // kNone: not even a RECV header (nothing was taken); kRefuse: answer the
  // taken call with `refusal`; kCall: a well-formed call.
  enum Kind : uint8_t { kNone, kRefuse, kCall } kind = kNone;
  abi::Error refusal = abi::Error::kOk;
  ShellCall call = ShellCall::kBad;
  uint64_t token = 0;             // the call's token (kRefuse and kCall)
  const uint8_t* data = nullptr;  // kOutput: the bytes; kRequest: the Request message
  size_t len = 0;
  uint32_t wait_ms = 0;  // kInput
  bool quiet = false;    // kRequest
};

// `recv`: 8-byte aligned, `got` bytes (the RECV's result_len) of a RecvHeader
// and its params.
ShellCallView DecodeShellCall(const uint8_t* recv, uint32_t got);

}  // namespace ipc_backend
