#include "kernel/drivers/virtio_legacy_queue.h"

#include <stddef.h>

#include "kernel/arch/cpu.h"
#include "kernel/lib/print.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"

namespace virtio_legacy {
namespace {

size_t align_page(size_t n) {
  return (n + 4095) & ~size_t(4095);
}

}  // namespace

bool map_queue(uint16_t io, uint16_t index, const char* who, Ring* out) {
  cpu::outw(io + kRegQueueSelect, index);
  uint16_t size = cpu::inw(io + kRegQueueSize);
  if (size == 0 || (size & (size - 1))) {
    klog("%s: virtio queue %u has unusable size %u", who, index, size);
    return false;
  }
  // Legacy layout: descriptors and the avail ring, then the used ring on
  // the next page boundary.
  size_t used_off = align_page(sizeof(Desc) * size + 6 + 2 * size);
  size_t ring_pages = (used_off + align_page(6 + sizeof(UsedElem) * size)) / 4096;
  uint64_t ring = pmm::alloc_contig(ring_pages);
  if (!ring) {
    klog("%s: out of memory for virtio queue %u", who, index);
    return false;
  }
  out->size = size;
  out->phys = ring;
  out->desc = mm::phys_to_virt<Desc>(ring);
  out->avail = mm::phys_to_virt<Avail>(ring + sizeof(Desc) * size);
  out->used = mm::phys_to_virt<Used>(ring + used_off);
  cpu::outl(io + kRegQueuePfn, uint32_t(ring >> 12));
  return true;
}

}  // namespace virtio_legacy
