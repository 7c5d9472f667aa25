// Length-prefixed frames: 4-byte little-endian length N (1..max_frame_bytes),
// then N bytes (one Cap'n Proto message). See schema/remote_session.capnp.
//
// Recv policy (ARCHITECTURE.md invariant 5):
//   - the first byte of a frame may wait forever: an idle client stays
//     connected (DeadlineMs() is 0 while no frame has started);
//   - once a frame has started, the rest must arrive before
//     start + deadline_ms and within max_chunks_per_frame recv chunks;
//   - a zero length, a length above max_frame_bytes, a deadline miss or too
//     many chunks is a terminal failure: the connection must be closed.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace remote_session {

inline constexpr uint32_t kFrameHeaderBytes = 4;
inline constexpr uint32_t kDefaultMaxFrameBytes = 65536;  // == maxFrameBytes in the schema

struct FramePolicy {
  uint32_t max_frame_bytes = kDefaultMaxFrameBytes;
  uint64_t deadline_ms = 5000;         // from the frame's first byte to its last
  uint32_t max_chunks_per_frame = 64;  // Feed() calls that carry bytes of one frame
};

enum class FrameStatus : uint8_t {
  kIdle,        // no frame started; waiting forever is fine
  kPartial,     // a frame has started; more bytes needed before DeadlineMs()
  kFrame,       // a complete frame is available: Frame()/FrameLength(), then Next()
  kZeroLength,  // terminal: header announced 0 bytes
  kOversized,   // terminal: header announced more than max_frame_bytes
  kStalled,     // terminal: the started frame missed its deadline
  kDribbling,   // terminal: the started frame needed too many chunks
};

inline bool IsTerminal(FrameStatus s) {
  return s >= FrameStatus::kZeroLength;
}
const char* FrameStatusName(FrameStatus s);

// Reassembles frames from recv chunks into a caller-owned buffer of at least
// max_frame_bytes bytes (the header is kept separately). One frame at a time:
// a chunk holding the end of one frame and the start of the next is fed in
// pieces (Feed returns how much it took).
class FrameReader {
 public:
  FrameReader(uint8_t* buffer, size_t capacity, const FramePolicy& policy);

  // Feeds the bytes of one recv chunk received at now_ms (monotonic).
  // Returns how many bytes were consumed: stops after a complete frame (then
  // status() == kFrame) and takes nothing in kFrame or a terminal state.
  // Each call that carries bytes of a started frame counts as one chunk.
  size_t Feed(const uint8_t* data, size_t len, uint64_t now_ms);

  // For a recv timeout: fails the started frame (kStalled) once
  // now_ms >= DeadlineMs(). Returns the status.
  FrameStatus Tick(uint64_t now_ms);

  // Absolute time the started frame must be complete by; 0 = no frame
  // started (wait forever for its first byte).
  uint64_t DeadlineMs() const;

  FrameStatus status() const { return status_; }
  const uint8_t* Frame() const { return buffer_; }
  size_t FrameLength() const { return status_ == FrameStatus::kFrame ? length_ : 0; }

  // Drops the complete frame and waits for the next one (kIdle).
  void Next();

 private:
  uint8_t* buffer_;
  size_t capacity_;
  FramePolicy policy_;
  FrameStatus status_ = FrameStatus::kIdle;
  uint8_t header_[kFrameHeaderBytes] = {};
  uint32_t header_have_ = 0;
  uint32_t length_ = 0;  // announced payload length (valid once the header is in)
  uint32_t have_ = 0;    // payload bytes received
  uint32_t chunks_ = 0;
  uint64_t started_ms_ = 0;
};

// Writes the 4-byte length prefix and `message` to out. Returns the frame
// size, or 0 (nothing written) if the message is empty, above
// max_frame_bytes, or out is too small.
size_t WriteFrame(const void* message, size_t len, uint8_t* out, size_t capacity,
                  uint32_t max_frame_bytes = kDefaultMaxFrameBytes);

}  // namespace remote_session
