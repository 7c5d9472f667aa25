#include "kernel/drivers/virtio_rng_check.h"

namespace virtio_rng {

Progress progress(uint16_t last_seen, uint16_t device_idx) {
  uint16_t n = uint16_t(device_idx - last_seen);  // free-running, wraps at 2^16
  if (n == 0) return Progress::kNone;
  return n == 1 ? Progress::kOne : Progress::kCorrupt;
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kEmpty:
      return "empty completion";
    case Verdict::kBadId:
      return "bad descriptor id";
    case Verdict::kTooLong:
      return "length beyond the buffer";
  }
  return "?";
}

Verdict check_used(UsedElem e, uint16_t posted_id, uint32_t posted_len, uint32_t* got) {
  if (e.id != posted_id) return Verdict::kBadId;
  if (e.len > posted_len) return Verdict::kTooLong;
  if (e.len == 0) return Verdict::kEmpty;
  *got = e.len;
  return Verdict::kOk;
}

}  // namespace virtio_rng
