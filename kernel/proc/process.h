// A process: one ring-3 thread in its own address space, with its cap
// table, ring pages and saved FPU/SSE state. Processes are created only by
// proc::spawn (from a validated ELF) and die only through proc::exit_*.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/cap/cap_table.h"
#include "kernel/mm/vm.h"

namespace kobj {
class SessionCell;
class ProcessHandle;
}  // namespace kobj

struct Process {
  enum class State : uint8_t { kRunnable, kBlocked, kZombie };

  uint32_t pid = 0;
  char name[abi::kProcNameMax] = {};
  State state = State::kRunnable;
  int exit_status = 0;

  vm::AddressSpace as;
  uint64_t kstack_phys = 0;
  uint64_t kstack_top = 0;
  uint64_t ctx_rsp = 0;  // saved kernel stack pointer while switched out
  alignas(16) uint8_t fpu[512];

  cap::Table caps;
  kobj::SessionCell* session = nullptr;   // bound session cell (pinned), or none
  kobj::ProcessHandle* handle = nullptr;  // the parent's handle (pinned until exit)

  abi::RingHeader* ring = nullptr;  // kernel view (direct map) of the ring
  abi::Sqe* sq = nullptr;
  abi::Cqe* cq = nullptr;
  uint64_t ring_phys = 0;
  uint32_t sq_head_k = 0;  // kernel's own counters; the header copies are outputs
  uint32_t cq_tail_k = 0;
  uint32_t async_reserved = 0;  // CQ slots promised to in-flight async calls

  // cap_enter wait condition, valid while state == kBlocked.
  uint32_t wait_min = 0;
  uint64_t wait_deadline_ns = 0;

  Process* run_next = nullptr;
  Process* all_next = nullptr;
};

namespace kobj {
class Object;
}

namespace proc {

struct Grant {
  const char* name;
  uint32_t name_len;
  kobj::Object* object;
  uint64_t interface_id;
  uint32_t rights;
};

// Creates a runnable process from an ELF image with exactly `grants`,
// optionally bound to `session`, with a ProcessHandle for its parent.
// On failure nothing is left behind and `why` says what was refused.
abi::Error spawn(const char* name, const uint8_t* elf, size_t elf_len, const Grant* grants,
                 uint32_t grant_count, uint32_t heap_pages, kobj::SessionCell* session,
                 Process** out, char* why, size_t why_len);

// Ends the current process; never returns (switches away for good).
[[noreturn]] void exit_current(int status);
// The current process faulted (the report is already printed).
[[noreturn]] void fault_current(int vector);
// Forced termination (ProcessHandle.kill); p may be the current process.
void kill(Process* p);
// Frees everything a zombie holds. Called by the scheduler off its stack.
void reap(Process* p);

uint32_t live_count();

}  // namespace proc
