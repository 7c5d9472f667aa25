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
    gdt::set_kernel_stack(p->kstack_top);
    syscall_kernel_rsp = p->kstack_top;
    cpu::write_cr3(p->as.pml4);
    cpu::fxrstor(p->fpu);
    swtch(&scheduler_rsp, p->ctx_rsp);
    cpu::fxsave(p->fpu);
    cur = nullptr;
    cpu::write_cr3(vm::kernel_pml4());
    if (p->state == Process::State::kZombie) {
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
  yield();
}

void wake(Process* p) {
  if (p->state != Process::State::kBlocked) return;
  p->state = Process::State::kRunnable;
  enqueue(p);
}

void remove(Process* p) {
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
