#include "kernel/drivers/virtio_net.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/pic.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/virtio_legacy_queue.h"
#include "kernel/drivers/virtio_net_check.h"
#include "kernel/lib/kstring.h"
#include "kernel/lib/print.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"

namespace virtio_net {
namespace {

using namespace virtio_legacy;
constexpr uint16_t kRegMac = kRegDeviceConfig;
constexpr uint32_t kFeatureMac = 1u << 5;
constexpr uint32_t kBufs = 128;
constexpr uint32_t kBufSize = 2048;  // header + 1514-byte frame, rounded up

struct Queue {
  uint16_t index = 0, size = 0;
  volatile Desc* desc = nullptr;
  volatile Avail* avail = nullptr;
  volatile Used* used = nullptr;
  uint16_t avail_idx = 0, last_used = 0;
  uint32_t nbufs = 0;
  uint8_t* bufs = nullptr;  // nbufs * kBufSize, direct-mapped
  bool owned[kBufs] = {};   // RX: posted to the device; TX: in flight
};

uint16_t io = 0;
Queue rxq, txq;
uint16_t tx_free[kBufs];
uint32_t tx_free_count = 0;
uint32_t tx_pending_id = kBufs;
Stats st;

inline void barrier() {
  asm volatile("" ::: "memory");
}

bool setup_queue(Queue* q, uint16_t index, bool device_writes) {
  Ring ring;
  if (!map_queue(io, index, "net", &ring)) return false;
  q->nbufs = ring.size < kBufs ? ring.size : kBufs;
  uint64_t bufs = pmm::alloc_contig(q->nbufs * kBufSize / 4096);
  if (!bufs) {
    klog("net: out of memory for virtio queue %u buffers", index);
    return false;
  }
  q->index = index;
  q->size = ring.size;
  q->desc = ring.desc;
  q->avail = ring.avail;
  q->used = ring.used;
  q->bufs = mm::phys_to_virt<uint8_t>(bufs);
  for (uint32_t i = 0; i < q->nbufs; i++) {
    q->desc[i].addr = bufs + uint64_t(i) * kBufSize;
    q->desc[i].len = kBufSize;
    q->desc[i].flags = device_writes ? kDescWrite : 0;
  }
  return true;
}

void notify(Queue* q) {
  asm volatile("mfence" ::: "memory");  // publish avail->idx before reading used->flags
  if (!(q->used->flags & kUsedNoNotify)) cpu::outw(io + kRegQueueNotify, q->index);
}

void post_rx(uint16_t id) {
  rxq.owned[id] = true;
  rxq.avail->ring[rxq.avail_idx % rxq.size] = id;
  rxq.avail_idx++;
}

void reclaim_tx() {
  uint16_t dev_idx = txq.used->idx;
  barrier();
  int n = new_used(txq.last_used, dev_idx, txq.size);
  if (n < 0) {
    st.resyncs++;
    txq.last_used = dev_idx;
    return;
  }
  for (int i = 0; i < n; i++) {
    UsedElem e{txq.used->ring[txq.last_used % txq.size].id, 0};
    txq.last_used++;
    if (check_tx(e, txq.nbufs, txq.owned) != Verdict::kOk) {
      st.tx_bad++;
      continue;
    }
    txq.owned[e.id] = false;
    tx_free[tx_free_count++] = uint16_t(e.id);
  }
}

bool match(uint16_t vendor, uint16_t device) {
  return vendor == 0x1af4 && (device == 0x1000 || device == 0x1041);
}

}  // namespace

bool init(uint8_t mac[6]) {
  pci::Device dev;
  if (!pci::find(match, &dev)) {
    klog("net: no virtio-net device; continuing without network");
    return false;
  }
  if (dev.device != 0x1000 || !pci::bar_is_io(dev.bar[0])) {
    klog("net: virtio-net %02x:%02x.%u is modern-only (no legacy I/O BAR); not supported", dev.bus,
         dev.dev, dev.fn);
    return false;
  }
  pci::enable(dev);
  io = pci::bar_io_base(dev.bar[0]);
  cpu::outb(io + kRegStatus, 0);  // reset
  cpu::outb(io + kRegStatus, kStatusAck | kStatusDriver);
  uint32_t features = cpu::inl(io + kRegDeviceFeatures);
  // Only MAC: no MRG_RXBUF, CSUM or GSO, so every header is 10 bytes and
  // every frame fits one 2 KiB buffer.
  cpu::outl(io + kRegGuestFeatures, features & kFeatureMac);
  if (!setup_queue(&rxq, 0, true) || !setup_queue(&txq, 1, false)) {
    cpu::outb(io + kRegStatus, kStatusFailed);
    return false;
  }
  for (uint32_t i = 0; i < txq.nbufs; i++) tx_free[tx_free_count++] = uint16_t(i);
  txq.avail->flags = kAvailNoInterrupt;  // TX completions are reaped by polling
  for (uint32_t i = 0; i < rxq.nbufs; i++) post_rx(uint16_t(i));
  barrier();
  rxq.avail->idx = rxq.avail_idx;
  for (int i = 0; i < 6; i++) {
    mac[i] = (features & kFeatureMac) ? cpu::inb(io + kRegMac + i) : uint8_t(i == 0 ? 2 : i);
  }
  if (dev.irq_line < 16 && dev.irq_line != 2) {
    pic::set_handler(dev.irq_line, [](int) {
      cpu::inb(io + kRegIsr);  // read-to-clear: deasserts the level-triggered line
      st.irqs++;
    });
    pic::unmask(dev.irq_line);
  }
  cpu::outb(io + kRegStatus, kStatusAck | kStatusDriver | kStatusDriverOk);
  notify(&rxq);
  klog("net: virtio-net at %02x:%02x.%u io 0x%x irq %u, queues rx %u/%u tx %u/%u", dev.bus, dev.dev,
       dev.fn, io, dev.irq_line, rxq.nbufs, rxq.size, txq.nbufs, txq.size);
  return true;
}

void poll_rx(void (*deliver)(const uint8_t*, uint32_t, void*), void* ctx) {
  if (!io) return;
  uint16_t dev_idx = rxq.used->idx;
  barrier();
  int n = new_used(rxq.last_used, dev_idx, rxq.size);
  if (n < 0) {
    st.resyncs++;
    rxq.last_used = dev_idx;
    return;
  }
  uint16_t repost[kBufs];
  uint32_t nrepost = 0;
  for (int i = 0; i < n; i++) {
    volatile UsedElem& ve = rxq.used->ring[rxq.last_used % rxq.size];
    UsedElem e{ve.id, ve.len};  // one copy: the device cannot change it under us
    rxq.last_used++;
    uint32_t off = 0, len = 0;
    Verdict v = check_rx(e, rxq.nbufs, kBufSize, rxq.owned, &off, &len);
    if (v == Verdict::kBadId || v == Verdict::kNotOwned) {
      st.rx_bad++;
      continue;
    }
    rxq.owned[e.id] = false;
    repost[nrepost++] = uint16_t(e.id);
    if (v != Verdict::kOk) {
      st.rx_bad++;
      continue;
    }
    st.rx_frames++;
    deliver(rxq.bufs + e.id * kBufSize + off, len, ctx);
  }
  if (!nrepost) return;
  for (uint32_t i = 0; i < nrepost; i++) post_rx(repost[i]);
  barrier();
  rxq.avail->idx = rxq.avail_idx;
  notify(&rxq);
}

uint8_t* tx_begin() {
  if (!io) return nullptr;
  if (!tx_free_count) reclaim_tx();
  if (!tx_free_count) {
    st.tx_full++;
    return nullptr;
  }
  tx_pending_id = tx_free[--tx_free_count];
  uint8_t* buf = txq.bufs + tx_pending_id * kBufSize;
  memset(buf, 0, kNetHdrSize);  // no offloads requested
  return buf + kNetHdrSize;
}

void tx_commit(uint32_t len) {
  uint16_t id = uint16_t(tx_pending_id);
  txq.desc[id].len = kNetHdrSize + len;
  txq.owned[id] = true;
  txq.avail->ring[txq.avail_idx % txq.size] = id;
  txq.avail_idx++;
  barrier();
  txq.avail->idx = txq.avail_idx;
  notify(&txq);
  st.tx_frames++;
  reclaim_tx();
}

const Stats& stats() {
  return st;
}

}  // namespace virtio_net
