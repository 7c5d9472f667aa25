#include "kernel/arch/serial.h"

#include "kernel/arch/cpu.h"

namespace serial {
namespace {
constexpr uint16_t kCom1 = 0x3f8;
}

void init() {
  cpu::outb(kCom1 + 1, 0x00);  // no interrupts: output is polled
  cpu::outb(kCom1 + 3, 0x80);  // DLAB
  cpu::outb(kCom1 + 0, 0x01);  // 115200 baud
  cpu::outb(kCom1 + 1, 0x00);
  cpu::outb(kCom1 + 3, 0x03);  // 8N1
  cpu::outb(kCom1 + 2, 0xC7);  // FIFO on
  cpu::outb(kCom1 + 4, 0x03);
}

void write(const char* s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') {
      while (!(cpu::inb(kCom1 + 5) & 0x20)) {
      }
      cpu::outb(kCom1, '\r');
    }
    while (!(cpu::inb(kCom1 + 5) & 0x20)) {
    }
    cpu::outb(kCom1, static_cast<uint8_t>(s[i]));
  }
}

}  // namespace serial
