// PCI configuration space through the legacy 0xCF8/0xCFC mechanism (the
// only one QEMU's i440fx exposes without ACPI MCFG parsing). Single CPU,
// interrupts off in the kernel: no locking around the address/data pair.
#pragma once

#include <stdint.h>

namespace pci {

struct Device {
  uint8_t bus = 0, dev = 0, fn = 0;
  uint16_t vendor = 0, device = 0;
  uint32_t bar[6] = {};
  uint8_t irq_line = 0xff;  // as programmed by the firmware; 0xff = none
};

uint32_t read32(const Device& d, uint8_t off);
uint16_t read16(const Device& d, uint8_t off);
void write16(const Device& d, uint8_t off, uint16_t v);

// Scans buses 0..255. Calls `match(vendor, device)` for every function and
// fills *out with the first one it accepts. Returns false if none.
bool find(bool (*match)(uint16_t vendor, uint16_t device), Device* out);

// Sets I/O space, memory space and bus-master enable in the command register.
void enable(const Device& d);

inline bool bar_is_io(uint32_t bar) {
  return bar & 1;
}
inline uint16_t bar_io_base(uint32_t bar) {
  return uint16_t(bar & ~3u);
}

}  // namespace pci
