#include "kernel/proc/sched.h"

#include "kernel-abi/abi.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/ipc/ipc.h"
#include "kernel/lib/print.h"
#include "kernel/mm/vm.h"
#include "kernel/net/net.h"
#include "kernel/objects/tcp_caps.h"
#include "kernel/objects/timer.h"
#include "kernel/proc/process.h"
#include "kernel/ring/ring.h"

extern "C" void swtch(uint64_t* save_rsp, uint64_t new_rsp);
extern "C" uint64_t syscall_kernel_rsp;

namespace sched {
namespace {

constexpr uint32_t kSliceTicks = 10;  // 10 ms at 1 kHz

Process* cur = nullptr;
Process* head = nullptr;
Process* tail = nullptr;
uint64_t scheduler_rsp = 0;
uint32_t slice = 0;
// The process the running one last woke (a CALL's server, a RETURN's
// caller): when the running one blocks, the CPU goes straight to it.
Process* woken = nullptr;

void enqueue(Process* p) {
  p->run_next = nullptr;
  if (tail) {
    tail->run_next = p;
  } else {
    head = p;
  }
  tail = p;
}

Process* dequeue() {
  Process* p = head;
  if (p) {
    head = p->run_next;
    if (!head) tail = nullptr;
  }
  return p;
}

}  // namespace

void add(Process* p) {
  p->state = Process::State::kRunnable;
  enqueue(p);
}

Process* current() {
  return cur;
}

void run(bool exit_when_idle) {
  for (;;) {
    net::poll();  // before choosing: received data may wake a process
    Process* p = dequeue();
    if (!p) {
      if (proc::live_count() == 0 && exit_when_idle) {
        klog("all processes exited; powering off");
        power_off(abi::kExitClean);
      }
      asm volatile("sti; hlt; cli" ::: "memory");
      continue;
    }
    cur = p;
    slice = 0;
    woken = nullptr;
    gdt::set_kernel_stack(p->kstack_top);
    syscall_kernel_rsp = p->kstack_top;
    if (cpu::read_cr3() != p->as.pml4) cpu::write_cr3(p->as.pml4);
    cpu::fxrstor(p->fpu);
    swtch(&scheduler_rsp, p->ctx_rsp);
    // Whoever comes back is `cur`: handoffs (block) may have switched
    // process since `p` started.
    p = cur;
    cpu::fxsave(p->fpu);
    cur = nullptr;
    woken = nullptr;
    // The kernel half is the same in every address space, so the loop
    // runs on the last process's tables (one TLB flush per switch saved),
    // except when they are about to be freed.
    if (p->state == Process::State::kZombie) {
      cpu::write_cr3(vm::kernel_pml4());
      proc::reap(p);
    } else if (p->state == Process::State::kRunnable) {
      enqueue(p);
    }
  }
}

void yield() {
  swtch(&cur->ctx_rsp, scheduler_rsp);
}

void block() {
  cur->state = Process::State::kBlocked;
  Process* next = woken;
  woken = nullptr;
  if (next == nullptr || next == cur || next->state != Process::State::kRunnable) return yield();
  // Directed handoff: an IPC round trip blocks the caller right after it
  // woke the server (and the server right after it woke the caller), so
  // switch to that process without the scheduler loop in between. The
  // slice is not reset: a ping-ponging pair shares one slice and then
  // yields to the queue, so nobody else starves.
  remove(next);
  Process* prev = cur;
  cpu::fxsave(prev->fpu);
  cur = next;
  gdt::set_kernel_stack(next->kstack_top);
  syscall_kernel_rsp = next->kstack_top;
  if (next->as.pml4 != prev->as.pml4) cpu::write_cr3(next->as.pml4);
  cpu::fxrstor(next->fpu);
  swtch(&prev->ctx_rsp, next->ctx_rsp);
}

void wake(Process* p) {
  if (p->state != Process::State::kBlocked) return;
  p->state = Process::State::kRunnable;
  enqueue(p);
  if (cur != nullptr) woken = p;
}

void remove(Process* p) {
  if (woken == p) woken = nullptr;
  Process* prev = nullptr;
  for (Process* q = head; q; prev = q, q = q->run_next) {
    if (q != p) continue;
    (prev ? prev->run_next : head) = q->run_next;
    if (tail == q) tail = prev;
    return;
  }
}

void switch_out_for_good() {
  swtch(&cur->ctx_rsp, scheduler_rsp);
  panic("zombie process %s was resumed", cur->name);
}

void tick() {
  net::poll();
  timer_obj::fire_due();
  ipc::tick();
  tcpcap::tick();
  ring::wake_expired();
  if (cur && ++slice >= kSliceTicks) yield();
}

}  // namespace sched
