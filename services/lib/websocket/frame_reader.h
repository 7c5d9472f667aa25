// Server-side RFC 6455 frame reader: feed it the bytes of each recv chunk,
// get complete messages and control frames back as typed events. Pure and
// incremental (any split of the input gives the same events), bounded (one
// caller-owned message buffer plus 125 bytes for control frames), and strict:
// anything RFC 6455 says to fail the connection for is a terminal kFailed
// event carrying the close code to send. No extensions are negotiated, so
// the RSV bits must be zero.
//
// Timing is the transport's: frame_started() says a frame is partly in, so
// it can arm a deadline that does not reset on progress (ARCHITECTURE.md
// invariant 5).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/websocket/frame.h"
#include "services/lib/websocket/utf8.h"

namespace websocket {

inline constexpr size_t kDefaultMaxMessageBytes = 65536;

enum class EventType : uint8_t {
  kNone,    // more bytes needed
  kText,    // a complete text message, valid UTF-8
  kBinary,  // a complete binary message
  kPing,    // answer with a pong carrying the same payload
  kPong,
  kClose,   // the peer's close: reply with a close, then end the connection
  kFailed,  // protocol violation: send a close with close_code, then end
};

// Why a kFailed event was raised (for logs and tests); the wire only sees
// its close code, given after each.
enum class Failure : uint8_t {
  kNone,
  kUnmasked,                  // 1002: clients must mask (section 5.1)
  kReservedBits,              // 1002: RSV1-3 set without an extension
  kReservedOpcode,            // 1002: opcodes 3-7 and B-F
  kControlTooLong,            // 1002: control payload above 125
  kControlFragmented,         // 1002: control frame without FIN
  kContinuationWithoutStart,  // 1002: continuation with no message open
  kMessageNotContinued,       // 1002: new text/binary while one is open
  kNonMinimalLength,          // 1002: 16/64-bit length that fit a shorter form
  kLengthHighBit,             // 1002: 64-bit length with its top bit set
  kMessageTooBig,             // 1009: message above max_message_bytes
  kInvalidUtf8,               // 1007: text message is not UTF-8
  kCloseOneByte,              // 1002: close payload of one byte
  kInvalidCloseCode,          // 1002: close code not valid on the wire
  kInvalidCloseReason,        // 1007: close reason is not UTF-8
};
const char* FailureName(Failure f);

struct Event {
  EventType type = EventType::kNone;
  // Message or ping/pong payload, or the close reason. Points into the
  // reader; valid until the next Feed().
  const uint8_t* data = nullptr;
  size_t length = 0;
  // kClose: the peer's code (kCloseNoStatus if it sent none).
  // kFailed: the code to send in our close frame.
  uint16_t close_code = 0;
  Failure failure = Failure::kNone;  // kFailed only
};

class FrameReader {
 public:
  // Messages are reassembled in buffer; a message above max_message_bytes
  // (lowered to capacity if larger) fails with 1009 as soon as a frame
  // header announces it, before its payload is read.
  FrameReader(uint8_t* buffer, size_t capacity, size_t max_message_bytes = kDefaultMaxMessageBytes);

  // Consumes bytes up to and including the end of the first frame that
  // completes an event, or all of them. Returns how many were taken and
  // sets *event (kNone if none completed). Feed the rest of the chunk in
  // another call. After kClose or kFailed the reader is done(): it takes
  // nothing more and reports kNone.
  size_t Feed(const uint8_t* data, size_t len, Event* event);

  bool done() const { return state_ == State::kClosed || state_ == State::kFailed; }
  // Part of a frame has arrived but not all of it.
  bool frame_started() const { return state_ == State::kPayload || header_have_ > 0; }
  // A fragmented message is open (its first frame came without FIN).
  bool message_open() const { return message_open_; }

 private:
  enum class State : uint8_t { kHeader, kPayload, kClosed, kFailed };

  void Fail(Failure f, Event* event);
  bool CheckFirstTwoBytes(Event* event);
  bool ParseLength(Event* event);
  void TakePayload(const uint8_t* data, size_t n, Event* event);
  void FinishFrame(Event* event);
  void FinishClose(Event* event);

  uint8_t* buffer_;
  size_t max_message_;
  State state_ = State::kHeader;

  // Current frame.
  uint8_t header_[14] = {};  // 2 + up to 8 length bytes + 4 mask bytes
  size_t header_have_ = 0;
  size_t header_need_ = 2;
  Opcode opcode_ = Opcode::kContinuation;
  bool fin_ = false;
  uint64_t payload_len_ = 0;
  uint64_t payload_have_ = 0;
  uint8_t mask_[4] = {};
  uint8_t control_[kMaxControlPayload] = {};

  // Current (possibly fragmented) data message.
  bool message_open_ = false;
  Opcode message_opcode_ = Opcode::kText;
  size_t message_len_ = 0;
  bool message_delivered_ = false;  // buffer_ is reused on the next Feed
  Utf8Validator utf8_;
};

}  // namespace websocket
