#include "services/lib/remote-session/frame_reader.h"

#include <string.h>

namespace remote_session {

const char* FrameStatusName(FrameStatus s) {
  switch (s) {
    case FrameStatus::kIdle:
      return "idle";
    case FrameStatus::kPartial:
      return "partial";
    case FrameStatus::kFrame:
      return "frame";
    case FrameStatus::kZeroLength:
      return "zeroLength";
    case FrameStatus::kOversized:
      return "oversized";
    case FrameStatus::kStalled:
      return "stalled";
    case FrameStatus::kDribbling:
      return "dribbling";
  }
  return "unknown";
}

FrameReader::FrameReader(uint8_t* buffer, size_t capacity, const FramePolicy& policy)
    : buffer_(buffer), capacity_(capacity), policy_(policy) {
  // A buffer smaller than the policy's maximum lowers the maximum: frames
  // that would not fit are oversized rather than overflowing.
  if (policy_.max_frame_bytes > capacity_)
    policy_.max_frame_bytes = static_cast<uint32_t>(capacity_);
  if (policy_.max_chunks_per_frame == 0) policy_.max_chunks_per_frame = 1;
}

size_t FrameReader::Feed(const uint8_t* data, size_t len, uint64_t now_ms) {
  if (len == 0 || data == nullptr) return 0;
  if (status_ != FrameStatus::kIdle && status_ != FrameStatus::kPartial) return 0;
  if (status_ == FrameStatus::kPartial && now_ms >= DeadlineMs()) {
    status_ = FrameStatus::kStalled;
    return 0;
  }
  if (status_ == FrameStatus::kIdle) {
    status_ = FrameStatus::kPartial;
    started_ms_ = now_ms;
    chunks_ = 0;
  }
  ++chunks_;
  size_t used = 0;
  while (header_have_ < kFrameHeaderBytes && used < len) header_[header_have_++] = data[used++];
  if (header_have_ == kFrameHeaderBytes && length_ == 0) {
    uint32_t n = uint32_t(header_[0]) | uint32_t(header_[1]) << 8 | uint32_t(header_[2]) << 16 |
                 uint32_t(header_[3]) << 24;
    if (n == 0) {
      status_ = FrameStatus::kZeroLength;
      return used;
    }
    if (n > policy_.max_frame_bytes) {
      status_ = FrameStatus::kOversized;
      return used;
    }
    length_ = n;
  }
  if (length_ != 0) {
    size_t want = length_ - have_;
    size_t take = len - used < want ? len - used : want;
    memcpy(buffer_ + have_, data + used, take);
    have_ += static_cast<uint32_t>(take);
    used += take;
    if (have_ == length_) {
      status_ = FrameStatus::kFrame;
      return used;
    }
  }
  if (chunks_ >= policy_.max_chunks_per_frame) status_ = FrameStatus::kDribbling;
  return used;
}

FrameStatus FrameReader::Tick(uint64_t now_ms) {
  if (status_ == FrameStatus::kPartial && now_ms >= DeadlineMs()) status_ = FrameStatus::kStalled;
  return status_;
}

uint64_t FrameReader::DeadlineMs() const {
  if (status_ != FrameStatus::kPartial) return 0;
  uint64_t d = started_ms_ + policy_.deadline_ms;
  return d == 0 ? 1 : d;
}

void FrameReader::Next() {
  if (status_ != FrameStatus::kFrame) return;
  status_ = FrameStatus::kIdle;
  header_have_ = 0;
  length_ = 0;
  have_ = 0;
  chunks_ = 0;
}

size_t WriteFrame(const void* message, size_t len, uint8_t* out, size_t capacity,
                  uint32_t max_frame_bytes) {
  if (len == 0 || len > max_frame_bytes || out == nullptr || capacity < len + kFrameHeaderBytes)
    return 0;
  out[0] = uint8_t(len);
  out[1] = uint8_t(len >> 8);
  out[2] = uint8_t(len >> 16);
  out[3] = uint8_t(len >> 24);
  memcpy(out + kFrameHeaderBytes, message, len);
  return len + kFrameHeaderBytes;
}

}  // namespace remote_session
