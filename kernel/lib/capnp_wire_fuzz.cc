// libFuzzer target for the kernel's Cap'n Proto reader: any byte string must
// be rejected or read without touching memory outside the input.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lib/capnp_wire.h"

namespace wire = capos::wire;

namespace {

// Walks every pointer it can reach, touching every byte it is handed, to
// bounded depth (the reader's nesting limit bounds it too).
void walk(const wire::StructReader& s, int depth);

void walkList(const wire::ListReader& l, int depth) {
  uint32_t n = l.size() < 64 ? l.size() : 64;
  for (uint32_t i = 0; i < n; ++i) {
    if (l.elementSize() == wire::ElementSize::kBit) {
      (void)l.boolean(i);
      continue;
    }
    (void)l.u64(i);
    const char* t;
    uint32_t tl;
    if (l.text(i, &t, &tl) == wire::Status::kOk && t[tl] != 0) abort();
    walk(l.get(i), depth + 1);
  }
}

void walk(const wire::StructReader& s, int depth) {
  if (depth > 8) return;
  volatile uint64_t sink = 0;
  for (uint32_t off = 0; off < s.dataBytes(); off += 8) sink = sink + s.u64(off);
  (void)s.boolean(3);
  for (uint16_t p = 0; p < s.pointerCount() && p < 8; ++p) {
    const char* t;
    uint32_t tl;
    if (s.text(p, &t, &tl) == wire::Status::kOk && t[tl] != 0) abort();
    const uint8_t* d;
    uint32_t dl;
    if (s.data(p, &d, &dl) == wire::Status::kOk)
      for (uint32_t i = 0; i < dl; ++i) sink = sink + d[i];
    wire::StructReader child;
    if (s.getStruct(p, &child) == wire::Status::kOk) walk(child, depth + 1);
    wire::ListReader l;
    if (s.list(p, &l) == wire::Status::kOk) walkList(l, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The kernel copies messages into an aligned buffer; do the same (malloc
  // is 16-aligned), sized exactly so ASan sees any read past the end.
  uint8_t* copy = static_cast<uint8_t*>(malloc(size == 0 ? 1 : size));
  if (size != 0) memcpy(copy, data, size);
  wire::Message msg;
  wire::StructReader root;
  wire::ReaderOptions opts;
  opts.traversalLimitWords = 1 << 14;
  if (wire::readRoot(msg, copy, size, &root, opts) == wire::Status::kOk) walk(root, 0);
  free(copy);
  return 0;
}
