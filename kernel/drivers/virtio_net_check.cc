#include "kernel/drivers/virtio_net_check.h"

namespace virtio_net {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kBadId:
      return "bad descriptor id";
    case Verdict::kNotOwned:
      return "buffer not owned by device";
    case Verdict::kTooShort:
      return "frame too short";
    case Verdict::kTooLong:
      return "frame too long";
  }
  return "?";
}

int new_used(uint16_t last_seen, uint16_t device_idx, uint16_t qsize) {
  uint16_t n = uint16_t(device_idx - last_seen);  // free-running, wraps at 2^16
  return n > qsize ? -1 : n;
}

Verdict check_rx(UsedElem e, uint32_t nbufs, uint32_t buf_size, const bool* owned,
                 uint32_t* frame_off, uint32_t* frame_len) {
  if (e.id >= nbufs) return Verdict::kBadId;
  if (!owned[e.id]) return Verdict::kNotOwned;
  if (e.len < kNetHdrSize + kEthHdrSize) return Verdict::kTooShort;
  if (e.len > buf_size || e.len - kNetHdrSize > kMaxFrame) return Verdict::kTooLong;
  *frame_off = kNetHdrSize;
  *frame_len = e.len - kNetHdrSize;
  return Verdict::kOk;
}

Verdict check_tx(UsedElem e, uint32_t nbufs, const bool* in_flight) {
  if (e.id >= nbufs) return Verdict::kBadId;
  if (!in_flight[e.id]) return Verdict::kNotOwned;
  return Verdict::kOk;
}

}  // namespace virtio_net
