#include "kernel/drivers/virtio_rng.h"

#include "kernel/arch/clock.h"
#include "kernel/arch/cpu.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/virtio_legacy_queue.h"
#include "kernel/drivers/virtio_rng_check.h"
#include "kernel/lib/kstring.h"
#include "kernel/lib/print.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"

namespace virtio_rng {
namespace {

using namespace virtio_legacy;
constexpr uint32_t kBufSize = 4096;  // one frame
constexpr uint16_t kDescId = 0;      // the only descriptor we ever post
// Bounds one fill() call, however many requests it takes: a device that
// trickles bytes or stops answering costs the kernel at most this long.
constexpr uint64_t kFillDeadlineNs = 1000ull * 1000 * 1000;

uint16_t io = 0;  // 0: no device, or disabled
uint16_t qsize = 0;
volatile Desc* desc = nullptr;
volatile Avail* avail = nullptr;
volatile Used* used = nullptr;
uint16_t avail_idx = 0, last_used = 0;
uint64_t buf_phys = 0;
uint8_t* buf = nullptr;

bool match(uint16_t vendor, uint16_t device) {
  return vendor == 0x1af4 && (device == 0x1005 || device == 0x1044);
}

// Reset makes the device drop the queue, so it can never write into our
// buffer again; the frames stay allocated (a few KiB, once).
void disable(const char* why) {
  klog("virtio-rng: %s; device reset and disabled", why);
  cpu::outb(io + kRegStatus, 0);
  io = 0;
}

bool setup_queue() {
  Ring ring;
  if (!map_queue(io, 0, "virtio-rng", &ring)) return false;
  buf_phys = pmm::alloc_contig(kBufSize / 4096);
  if (!buf_phys) {
    klog("virtio-rng: out of memory for the buffer");
    return false;
  }
  qsize = ring.size;
  desc = ring.desc;
  avail = ring.avail;
  used = ring.used;
  buf = mm::phys_to_virt<uint8_t>(buf_phys);
  desc[kDescId].addr = buf_phys;
  desc[kDescId].flags = kDescWrite;
  desc[kDescId].next = 0;
  avail->flags = kAvailNoInterrupt;  // completions are polled
  return true;
}

// One request of up to kBufSize bytes. Returns the number of bytes the
// device wrote (0 for a legal empty completion), or -1 after disabling
// the device.
int request(uint32_t want, uint64_t deadline) {
  memset(buf, 0, want);  // a lying length can never repeat old bytes
  desc[kDescId].len = want;
  avail->ring[avail_idx % qsize] = kDescId;
  avail_idx++;
  asm volatile("" ::: "memory");
  avail->idx = avail_idx;
  asm volatile("mfence" ::: "memory");
  cpu::outw(io + kRegQueueNotify, 0);
  for (;;) {
    Progress p = progress(last_used, used->idx);
    if (p == Progress::kCorrupt) {
      disable("used index moved by more than the one posted buffer");
      return -1;
    }
    if (p == Progress::kOne) break;
    if (clock::now_ns() > deadline) {
      disable("no completion before the deadline");
      return -1;
    }
    asm volatile("pause" ::: "memory");
  }
  asm volatile("" ::: "memory");  // the device's DMA writes precede used->idx
  volatile UsedElem& ve = used->ring[last_used % qsize];
  UsedElem e{ve.id, ve.len};  // one copy: the device cannot change it under us
  last_used++;
  cpu::inb(io + kRegIsr);  // read-to-clear, in case the device raised INTx anyway
  uint32_t got = 0;
  Verdict v = check_used(e, kDescId, want, &got);
  if (v == Verdict::kEmpty) return 0;
  if (v != Verdict::kOk) {
    disable(verdict_name(v));
    return -1;
  }
  return int(got);
}

}  // namespace

bool init() {
  pci::Device dev;
  if (!pci::find(match, &dev)) return false;
  if (dev.device != 0x1005 || !pci::bar_is_io(dev.bar[0])) {
    klog("virtio-rng %02x:%02x.%u is modern-only (no legacy I/O BAR); not supported", dev.bus,
         dev.dev, dev.fn);
    return false;
  }
  pci::enable(dev);
  io = pci::bar_io_base(dev.bar[0]);
  cpu::outb(io + kRegStatus, 0);  // reset
  cpu::outb(io + kRegStatus, kStatusAck | kStatusDriver);
  (void)cpu::inl(io + kRegDeviceFeatures);
  cpu::outl(io + kRegGuestFeatures, 0);  // virtio-rng has no feature we need
  if (!setup_queue()) {
    cpu::outb(io + kRegStatus, kStatusFailed);
    io = 0;
    return false;
  }
  cpu::outb(io + kRegStatus, kStatusAck | kStatusDriver | kStatusDriverOk);
  klog("virtio-rng at %02x:%02x.%u io 0x%x, queue %u", dev.bus, dev.dev, dev.fn, io, qsize);
  return true;
}

bool ready() {
  return io != 0;
}

bool fill(void* out, size_t len) {
  auto* p = static_cast<uint8_t*>(out);
  uint64_t deadline = clock::now_ns() + kFillDeadlineNs;
  while (len) {
    if (!io) return false;
    if (clock::now_ns() > deadline) {  // also bounds a stream of empty completions
      disable("too slow: fill missed its deadline");
      return false;
    }
    uint32_t want = len < kBufSize ? uint32_t(len) : kBufSize;
    int got = request(want, deadline);
    if (got < 0) return false;
    memcpy(p, buf, size_t(got));
    p += got;
    len -= size_t(got);
  }
  return true;
}

}  // namespace virtio_rng
