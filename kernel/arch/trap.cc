#include "kernel/arch/trap.h"

#include "kernel-abi/abi.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/pic.h"
#include "kernel/lib/print.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"

extern "C" char isr_stubs[];
extern "C" void syscall_entry();

namespace trap {
namespace {

struct __attribute__((packed)) Gate {
  uint16_t off_lo, sel;
  uint8_t ist, type;
  uint16_t off_mid;
  uint32_t off_hi, zero;
};
static_assert(sizeof(Gate) == 16);
alignas(16) Gate idt[256];

const char* const kNames[32] = {"#DE divide error",
                                "#DB debug",
                                "NMI",
                                "#BP breakpoint",
                                "#OF overflow",
                                "#BR bound range",
                                "#UD invalid opcode",
                                "#NM device not available",
                                "#DF double fault",
                                "coprocessor overrun",
                                "#TS invalid TSS",
                                "#NP segment not present",
                                "#SS stack fault",
                                "#GP general protection",
                                "#PF page fault",
                                "reserved",
                                "#MF x87 error",
                                "#AC alignment check",
                                "#MC machine check",
                                "#XM SIMD exception",
                                "#VE virtualization",
                                "#CP control protection"};

const char* name_of(uint64_t v) {
  return v < 32 && kNames[v] ? kNames[v] : "exception";
}

void dump(const TrapFrame* tf) {
  kprintf("  rip=%lx cs=%lx rflags=%lx rsp=%lx ss=%lx err=%lx\n", tf->rip, tf->cs, tf->rflags,
          tf->rsp, tf->ss, tf->error);
  kprintf("  rax=%lx rbx=%lx rcx=%lx rdx=%lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
  kprintf("  rsi=%lx rdi=%lx rbp=%lx r8=%lx\n", tf->rsi, tf->rdi, tf->rbp, tf->r8);
  kprintf("  r9=%lx r10=%lx r11=%lx r12=%lx\n", tf->r9, tf->r10, tf->r11, tf->r12);
  kprintf("  r13=%lx r14=%lx r15=%lx cr2=%lx\n", tf->r13, tf->r14, tf->r15, cpu::read_cr2());
}

void set_gate(int v, uint64_t handler, uint8_t ist) {
  idt[v] = Gate{uint16_t(handler),       gdt::kKernelCode,        ist, 0x8e,
                uint16_t(handler >> 16), uint32_t(handler >> 32), 0};
}

void user_exception(TrapFrame* tf) {
  Process* p = sched::current();
  if (tf->vector == 14) {
    uint64_t err = tf->error;
    klog("process %s (pid %u) killed: %s at rip=%lx addr=%lx (%s, %s)", p->name, p->pid,
         name_of(tf->vector), tf->rip, cpu::read_cr2(),
         err & 16  ? "instruction fetch"
         : err & 2 ? "write"
                   : "read",
         err & 1 ? "protection violation" : "not present");
  } else {
    klog("process %s (pid %u) killed: %s at rip=%lx", p->name, p->pid, name_of(tf->vector),
         tf->rip);
  }
  dump(tf);
  proc::fault_current(static_cast<int>(tf->vector));
}

}  // namespace

void init() {
  for (int v = 0; v < 256; v++)
    set_gate(v, reinterpret_cast<uint64_t>(isr_stubs) + 16 * v, v == 8 || v == 2 ? 1 : 0);
  struct __attribute__((packed)) {
    uint16_t limit;
    uint64_t base;
  } ptr{sizeof(idt) - 1, reinterpret_cast<uint64_t>(idt)};
  asm volatile("lidt %0" ::"m"(ptr));

  // SYSCALL: kernel CS/SS from STAR[47:32], user selectors from STAR[63:48]
  // (+8 SS, +16 CS). SFMASK clears IF, TF, DF and AC on entry.
  cpu::wrmsr(cpu::kMsrEfer, cpu::rdmsr(cpu::kMsrEfer) | 1);
  cpu::wrmsr(cpu::kMsrStar, (uint64_t(0x10) << 48) | (uint64_t(gdt::kKernelCode) << 32));
  cpu::wrmsr(cpu::kMsrLstar, reinterpret_cast<uint64_t>(&syscall_entry));
  cpu::wrmsr(cpu::kMsrSfmask, 0x40700);
}

}  // namespace trap

extern "C" void trap_dispatch(TrapFrame* tf) {
  uint64_t v = tf->vector;
  if (v >= kIrqBase && v < kIrqBase + 16) {
    pic::handle_irq(static_cast<int>(v - kIrqBase));
    return;
  }
  if ((tf->cs & 3) == 3 && v < 32) {
    trap::user_exception(tf);
    return;  // not reached: the process is gone
  }
  if (v < 32) {
    kprintf("[kernel] PANIC: %s in kernel mode (vector %lu)\n", trap::name_of(v), v);
    Process* p = sched::current();
    if (p) kprintf("  while serving process %s (pid %u)\n", p->name, p->pid);
    trap::dump(tf);
    power_off(abi::kExitPanic);
  }
  // Spurious or unexpected vectors are ignored.
}
