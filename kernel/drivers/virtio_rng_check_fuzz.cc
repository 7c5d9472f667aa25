// Drives the used-ring validation the way the driver does: the input is a
// stream of (used->idx, used element, posted length) the device might
// publish. Every accepted length is copied out of a heap buffer of exactly
// the posted size, so an accepted overlong completion is an ASan report.
#include <stdint.h>
#include <string.h>

#include <vector>

#include "kernel/drivers/virtio_rng_check.h"

namespace {

struct Reader {
  const uint8_t* p;
  size_t n;
  template <typename T>
  bool get(T* v) {
    if (n < sizeof(T)) return false;
    memcpy(v, p, sizeof(T));
    p += sizeof(T);
    n -= sizeof(T);
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace virtio_rng;
  Reader r{data, size};
  uint16_t last = 0, dev_idx = 0, posted_len = 0;
  uint8_t sink[65536];
  while (r.get(&dev_idx) && r.get(&posted_len)) {
    Progress p = progress(last, dev_idx);
    if (p == Progress::kNone) continue;
    if (p == Progress::kCorrupt) {
      if (uint16_t(dev_idx - last) <= 1) __builtin_trap();
      return 0;  // the driver resets the device here
    }
    UsedElem e;
    if (!r.get(&e)) return 0;
    std::vector<uint8_t> buf(posted_len);
    uint32_t got = 0;
    Verdict v = check_used(e, 0, posted_len, &got);
    if (v == Verdict::kOk) {
      if (got == 0 || got > posted_len || e.id != 0) __builtin_trap();
      memcpy(sink, buf.data(), got);
    } else if (v != Verdict::kEmpty) {
      return 0;  // reset
    }
    last = dev_idx;
  }
  return 0;
}
