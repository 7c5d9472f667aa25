#include "services/lib/terminal/output_ring.h"

#include <string.h>

namespace terminal {

OutputRing::OutputRing(uint8_t* storage, size_t capacity)
    : storage_(storage), capacity_(storage == nullptr ? 0 : capacity) {}

void OutputRing::Append(const uint8_t* data, size_t len) {
  if (capacity_ == 0) {
    next_ += len;
    return;
  }
  // Only the tail that can survive is copied; the rest is counted.
  if (len > capacity_) {
    next_ += len - capacity_;
    data += len - capacity_;
    len = capacity_;
  }
  size_t at = Index(next_);
  const size_t first = len < capacity_ - at ? len : capacity_ - at;
  memcpy(storage_ + at, data, first);
  memcpy(storage_, data + first, len - first);
  next_ += len;
  held_ = held_ + len > capacity_ ? capacity_ : held_ + len;
}

RingRead OutputRing::Read(uint64_t from_seq, uint8_t* out, size_t max) const {
  RingRead r;
  if (from_seq > next_) {
    r.future = true;
    r.start_seq = r.next_seq = next_;
    return r;
  }
  const uint64_t oldest = oldest_seq();
  r.start_seq = from_seq;
  if (from_seq < oldest) {
    r.skipped = oldest - from_seq;
    r.start_seq = oldest;
  }
  const uint64_t available = next_ - r.start_seq;
  size_t n = available < max ? static_cast<size_t>(available) : max;
  if (out == nullptr) n = 0;
  if (n > 0) {
    const size_t at = Index(r.start_seq);
    const size_t first = n < capacity_ - at ? n : capacity_ - at;
    memcpy(out, storage_ + at, first);
    memcpy(out + first, storage_, n - first);
  }
  r.length = n;
  r.next_seq = r.start_seq + n;
  return r;
}

uint8_t OutputRing::At(uint64_t seq) const {
  return storage_[Index(seq)];
}

}  // namespace terminal
