#include "libcaprt/runtime/call_queue.h"

namespace caprt {

bool CallQueue::Submit(const abi::Sqe& sqe) {
  if (in_flight_ < window_ && count_ == 0) {
    ++in_flight_;
    submit_(sqe);
    return true;
  }
  if (count_ == kMaxQueued) return false;
  queue_[(head_ + count_) % kMaxQueued] = sqe;
  ++count_;
  return true;
}

void CallQueue::Completed() {
  if (in_flight_ > 0) --in_flight_;
  while (in_flight_ < window_ && count_ > 0) {
    abi::Sqe next = queue_[head_];
    head_ = (head_ + 1) % kMaxQueued;
    --count_;
    ++in_flight_;
    submit_(next);
  }
}

bool CallQueue::Unqueue(uint64_t user_data) {
  for (uint32_t k = 0; k < count_; ++k) {
    uint32_t at = (head_ + k) % kMaxQueued;
    if (queue_[at].user_data != user_data) continue;
    // Close the gap, keeping the order of the rest.
    for (uint32_t j = k; j + 1 < count_; ++j) {
      queue_[(head_ + j) % kMaxQueued] = queue_[(head_ + j + 1) % kMaxQueued];
    }
    --count_;
    return true;
  }
  return false;
}

}  // namespace caprt
