#include "kernel/drivers/pci.h"

#include "kernel/arch/cpu.h"

namespace pci {
namespace {

constexpr uint16_t kAddr = 0xcf8, kData = 0xcfc;

uint32_t cfg_read(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off) {
  cpu::outl(kAddr, 0x80000000u | (uint32_t(bus) << 16) | (uint32_t(dev) << 11) |
                       (uint32_t(fn) << 8) | (off & 0xfc));
  return cpu::inl(kData);
}

void cfg_write(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v) {
  cpu::outl(kAddr, 0x80000000u | (uint32_t(bus) << 16) | (uint32_t(dev) << 11) |
                       (uint32_t(fn) << 8) | (off & 0xfc));
  cpu::outl(kData, v);
}

}  // namespace

uint32_t read32(const Device& d, uint8_t off) {
  return cfg_read(d.bus, d.dev, d.fn, off);
}

uint16_t read16(const Device& d, uint8_t off) {
  return uint16_t(read32(d, off) >> ((off & 2) * 8));
}

void write16(const Device& d, uint8_t off, uint16_t v) {
  uint32_t old = read32(d, off);
  int shift = (off & 2) * 8;
  old = (old & ~(0xffffu << shift)) | (uint32_t(v) << shift);
  cfg_write(d.bus, d.dev, d.fn, off, old);
}

bool find(bool (*match)(uint16_t vendor, uint16_t device), Device* out) {
  for (int bus = 0; bus < 256; bus++) {
    for (uint8_t dev = 0; dev < 32; dev++) {
      uint32_t id0 = cfg_read(bus, dev, 0, 0);
      if ((id0 & 0xffff) == 0xffff) continue;
      bool multi = (cfg_read(bus, dev, 0, 0x0c) >> 16) & 0x80;
      for (uint8_t fn = 0; fn < (multi ? 8 : 1); fn++) {
        uint32_t id = cfg_read(bus, dev, fn, 0);
        if ((id & 0xffff) == 0xffff) continue;
        if (!match(id & 0xffff, id >> 16)) continue;
        out->bus = uint8_t(bus);
        out->dev = dev;
        out->fn = fn;
        out->vendor = id & 0xffff;
        out->device = id >> 16;
        for (int i = 0; i < 6; i++) out->bar[i] = cfg_read(bus, dev, fn, 0x10 + 4 * i);
        out->irq_line = cfg_read(bus, dev, fn, 0x3c) & 0xff;
        return true;
      }
    }
  }
  return false;
}

void enable(const Device& d) {
  write16(d, 0x04, read16(d, 0x04) | 0x7);  // I/O, memory, bus master
}

}  // namespace pci
