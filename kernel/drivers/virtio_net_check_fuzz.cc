// Drives the RX/TX used-ring validation the way the driver does: the input
// is a stream of (used->idx, used elements) the device might publish. Every
// accepted frame is copied out of a heap buffer of exactly buf_size bytes,
// so an accepted out-of-bounds frame is an ASan report.
#include <stdint.h>
#include <string.h>

#include <vector>

#include "kernel/drivers/virtio_net_check.h"

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
  using namespace virtio_net;
  Reader r{data, size};
  uint8_t shape = 0;
  if (!r.get(&shape)) return 0;
  const uint32_t nbufs = 1 + (shape & 7);
  const uint32_t buf_size = (shape & 8) ? 2048 : 64;
  const uint16_t qsize = 8;
  std::vector<std::vector<uint8_t>> bufs(nbufs, std::vector<uint8_t>(buf_size));
  std::vector<uint8_t> owned(nbufs, 1), in_flight(nbufs, 1);
  uint8_t sink[2048];
  uint16_t last = 0;
  uint16_t dev_idx = 0;
  while (r.get(&dev_idx)) {
    int n = new_used(last, dev_idx, qsize);
    if (n < 0) {
      last = dev_idx;
      continue;
    }
    if (n > qsize) __builtin_trap();
    std::vector<uint32_t> repost;
    for (int i = 0; i < n; i++) {
      UsedElem e;
      if (!r.get(&e)) return 0;
      uint32_t off = 0, len = 0;
      Verdict v = check_rx(e, nbufs, buf_size, reinterpret_cast<bool*>(owned.data()), &off, &len);
      if (v == Verdict::kOk) {
        if (off + len > buf_size || len < kEthHdrSize || len > kMaxFrame) __builtin_trap();
        memcpy(sink, bufs[e.id].data() + off, len);
      }
      if (v != Verdict::kBadId && v != Verdict::kNotOwned) {
        owned[e.id] = 0;
        repost.push_back(e.id);
      }
      if (check_tx(e, nbufs, reinterpret_cast<bool*>(in_flight.data())) == Verdict::kOk) {
        in_flight[e.id] = 0;
      }
    }
    for (uint32_t id : repost) owned[id] = 1;
    for (auto& f : in_flight) f = 1;
    last = uint16_t(last + n);
  }
  return 0;
}
