// The single system call: cap_enter. Everything else is an SQE.
#include "kernel-abi/abi.h"
#include "kernel/arch/trap.h"
#include "kernel/proc/sched.h"
#include "kernel/ring/ring.h"

extern "C" void syscall_dispatch(TrapFrame* tf) {
  if (tf->rax != abi::kSysCapEnter) {
    tf->rax = static_cast<uint64_t>(-static_cast<int64_t>(abi::Error::kBadOpcode));
    return;
  }
  tf->rax = static_cast<uint64_t>(ring::enter(sched::current(), tf->rdi, tf->rsi));
}
