// Legacy (virtio 0.9.5) virtio-net over PCI I/O BAR0: QEMU's
// virtio-net-pci is transitional, so this works with the default device.
//
// Threading: everything except irq() is called only from net::poll() (or
// net::init()), in ring 0 with interrupts disabled. The IRQ handler only
// reads the ISR register (which deasserts INTx) and marks work pending.
//
// Buffers: RX and TX each own kBufs x kBufSize bytes of physically
// contiguous frames, reached through the direct map. The device only ever
// sees buffers we posted; everything it hands back is validated by
// virtio_net_check before use, and bad completions are counted and dropped.
#pragma once

#include <stdint.h>

#include "kernel/drivers/virtio_net_check.h"

namespace virtio_net {

struct Stats {
  uint64_t rx_frames = 0, rx_bad = 0, tx_frames = 0, tx_full = 0, tx_bad = 0, resyncs = 0, irqs = 0;
};

// Finds, resets and starts the first virtio-net device. Returns false (and
// says why on the log) if there is none or it cannot be driven.
bool init(uint8_t mac[6]);

// Calls deliver(frame, len, ctx) for each valid received Ethernet frame
// (the pointer is valid only during the call) and re-posts the buffers.
void poll_rx(void (*deliver)(const uint8_t* frame, uint32_t len, void* ctx), void* ctx);

// Returns a TX buffer of kMaxFrame bytes to fill, or nullptr when the ring
// is full (the caller drops the frame: TCP retransmits). Must be followed
// by tx_commit before the next tx_begin.
uint8_t* tx_begin();
void tx_commit(uint32_t len);

const Stats& stats();

}  // namespace virtio_net
