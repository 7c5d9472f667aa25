#include "kernel/arch/pic.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"

namespace pic {
namespace {

IrqHandler handlers[16];
uint16_t mask = 0xffff;

void write_mask() {
  cpu::outb(0x21, mask & 0xff);
  cpu::outb(0xa1, mask >> 8);
}

}  // namespace

void init() {
  cpu::outb(0x20, 0x11);
  cpu::outb(0xa0, 0x11);
  cpu::outb(0x21, kIrqBase);
  cpu::outb(0xa1, kIrqBase + 8);
  cpu::outb(0x21, 4);
  cpu::outb(0xa1, 2);
  cpu::outb(0x21, 1);
  cpu::outb(0xa1, 1);
  mask = 0xffff & ~(1 << 2);  // cascade line stays open
  write_mask();

  uint16_t divisor = 1193182 / kTickHz;
  cpu::outb(0x43, 0x34);  // channel 0, lo/hi, rate generator
  cpu::outb(0x40, divisor & 0xff);
  cpu::outb(0x40, divisor >> 8);
}

void unmask(int irq) {
  mask &= ~(1 << irq);
  write_mask();
}

void set_handler(int irq, IrqHandler fn) {
  handlers[irq] = fn;
}

void handle_irq(int irq) {
  // EOI first: the handler may switch to another process and not come back
  // here for a while, and the line must be able to fire again meanwhile.
  if (irq >= 8) cpu::outb(0xa0, 0x20);
  cpu::outb(0x20, 0x20);
  if (handlers[irq]) handlers[irq](irq);
}

}  // namespace pic
