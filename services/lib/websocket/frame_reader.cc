#include "services/lib/websocket/frame_reader.h"

namespace websocket {
namespace {

uint16_t CodeFor(Failure f) {
  switch (f) {
    case Failure::kMessageTooBig:
      return kCloseMessageTooBig;
    case Failure::kInvalidUtf8:
    case Failure::kInvalidCloseReason:
      return kCloseInvalidPayload;
    default:
      return kCloseProtocolError;
  }
}

bool IsKnownOpcode(uint8_t op) {
  return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

}  // namespace

FrameReader::FrameReader(uint8_t* buffer, size_t capacity, size_t max_message_bytes)
    : buffer_(buffer), max_message_(max_message_bytes) {
  // A buffer smaller than the limit lowers the limit: a message that would
  // not fit fails with 1009 rather than overflowing.
  if (max_message_ > capacity) max_message_ = capacity;
}

void FrameReader::Fail(Failure f, Event* event) {
  state_ = State::kFailed;
  event->type = EventType::kFailed;
  event->failure = f;
  event->close_code = CodeFor(f);
}

// Everything that can be judged from the first two bytes is judged there,
// so a bad frame fails before its length or payload is read.
bool FrameReader::CheckFirstTwoBytes(Event* event) {
  const uint8_t b0 = header_[0], b1 = header_[1];
  const uint8_t op = b0 & 0x0F;
  const uint8_t len7 = b1 & 0x7F;
  fin_ = (b0 & 0x80) != 0;
  if ((b0 & 0x70) != 0) {
    Fail(Failure::kReservedBits, event);
    return false;
  }
  if (!IsKnownOpcode(op)) {
    Fail(Failure::kReservedOpcode, event);
    return false;
  }
  opcode_ = static_cast<Opcode>(op);
  if ((b1 & 0x80) == 0) {
    Fail(Failure::kUnmasked, event);
    return false;
  }
  if (IsControl(opcode_)) {
    if (!fin_) {
      Fail(Failure::kControlFragmented, event);
      return false;
    }
    if (len7 > kMaxControlPayload) {
      Fail(Failure::kControlTooLong, event);
      return false;
    }
  } else if (opcode_ == Opcode::kContinuation && !message_open_) {
    Fail(Failure::kContinuationWithoutStart, event);
    return false;
  } else if (opcode_ != Opcode::kContinuation && message_open_) {
    Fail(Failure::kMessageNotContinued, event);
    return false;
  }
  header_need_ = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
  return true;
}

bool FrameReader::ParseLength(Event* event) {
  const uint8_t len7 = header_[1] & 0x7F;
  uint64_t n = len7;
  if (len7 == 126) {
    n = uint64_t(header_[2]) << 8 | header_[3];
    if (n < 126) {
      Fail(Failure::kNonMinimalLength, event);
      return false;
    }
  } else if (len7 == 127) {
    n = 0;
    for (int i = 0; i < 8; ++i) n = n << 8 | header_[2 + i];
    if (n >> 63) {
      Fail(Failure::kLengthHighBit, event);
      return false;
    }
    if (n <= 0xFFFF) {
      Fail(Failure::kNonMinimalLength, event);
      return false;
    }
  }
  // Control lengths were bounded by CheckFirstTwoBytes; a data frame may not
  // take its message past the limit (message_len_ <= max_message_ holds).
  if (!IsControl(opcode_) && n > max_message_ - message_len_) {
    Fail(Failure::kMessageTooBig, event);
    return false;
  }
  payload_len_ = n;
  for (int i = 0; i < 4; ++i) mask_[i] = header_[header_need_ - 4 + i];
  return true;
}

size_t FrameReader::Feed(const uint8_t* data, size_t len, Event* event) {
  *event = Event();
  if (done()) return 0;
  if (message_delivered_) {
    message_delivered_ = false;
    message_len_ = 0;
  }
  size_t used = 0;
  while (used < len && event->type == EventType::kNone) {
    if (state_ == State::kHeader) {
      header_[header_have_++] = data[used++];
      if (header_have_ == 2 && !CheckFirstTwoBytes(event)) break;
      if (header_have_ < header_need_) continue;
      if (!ParseLength(event)) break;
      header_have_ = 0;
      header_need_ = 2;
      payload_have_ = 0;
      if (payload_len_ == 0) {
        FinishFrame(event);
        continue;
      }
      state_ = State::kPayload;
    }
    uint64_t want = payload_len_ - payload_have_;
    size_t take = len - used < want ? len - used : size_t(want);
    TakePayload(data + used, take, event);
    used += take;
    if (state_ == State::kPayload && payload_have_ == payload_len_) FinishFrame(event);
  }
  return used;
}

// Unmasks into the control buffer or the message buffer; text is validated
// as it arrives so invalid UTF-8 fails without waiting for the frame's end.
void FrameReader::TakePayload(const uint8_t* data, size_t n, Event* event) {
  uint8_t* dst = IsControl(opcode_) ? control_ + payload_have_ : buffer_ + message_len_;
  for (size_t i = 0; i < n; ++i) dst[i] = data[i] ^ mask_[(payload_have_ + i) & 3];
  payload_have_ += n;
  if (IsControl(opcode_)) return;
  message_len_ += n;
  const bool text = (opcode_ == Opcode::kContinuation ? message_opcode_ : opcode_) == Opcode::kText;
  if (text && !utf8_.Feed(dst, n)) Fail(Failure::kInvalidUtf8, event);
}

void FrameReader::FinishFrame(Event* event) {
  state_ = State::kHeader;
  switch (opcode_) {
    case Opcode::kClose:
      FinishClose(event);
      return;
    case Opcode::kPing:
    case Opcode::kPong:
      event->type = opcode_ == Opcode::kPing ? EventType::kPing : EventType::kPong;
      event->data = control_;
      event->length = size_t(payload_len_);
      return;
    case Opcode::kText:
    case Opcode::kBinary:
      message_open_ = true;
      message_opcode_ = opcode_;
      break;
    case Opcode::kContinuation:
      break;
  }
  if (!fin_) return;
  if (message_opcode_ == Opcode::kText && !utf8_.Complete()) {
    Fail(Failure::kInvalidUtf8, event);  // ends inside a sequence
    return;
  }
  event->type = message_opcode_ == Opcode::kText ? EventType::kText : EventType::kBinary;
  event->data = buffer_;
  event->length = message_len_;
  message_open_ = false;
  message_delivered_ = true;
  utf8_.Reset();
}

// Section 5.5.1: an empty payload, or a 2-byte code then a UTF-8 reason.
void FrameReader::FinishClose(Event* event) {
  const size_t n = size_t(payload_len_);
  uint16_t code = kCloseNoStatus;
  if (n == 1) {
    Fail(Failure::kCloseOneByte, event);
    return;
  }
  if (n >= 2) {
    code = uint16_t(control_[0] << 8 | control_[1]);
    if (!IsValidCloseCode(code)) {
      Fail(Failure::kInvalidCloseCode, event);
      return;
    }
    if (!IsValidUtf8(control_ + 2, n - 2)) {
      Fail(Failure::kInvalidCloseReason, event);
      return;
    }
  }
  state_ = State::kClosed;
  event->type = EventType::kClose;
  event->close_code = code;
  event->data = n >= 2 ? control_ + 2 : control_;
  event->length = n >= 2 ? n - 2 : 0;
}

const char* FailureName(Failure f) {
  switch (f) {
    case Failure::kNone:
      return "none";
    case Failure::kUnmasked:
      return "unmasked";
    case Failure::kReservedBits:
      return "reservedBits";
    case Failure::kReservedOpcode:
      return "reservedOpcode";
    case Failure::kControlTooLong:
      return "controlTooLong";
    case Failure::kControlFragmented:
      return "controlFragmented";
    case Failure::kContinuationWithoutStart:
      return "continuationWithoutStart";
    case Failure::kMessageNotContinued:
      return "messageNotContinued";
    case Failure::kNonMinimalLength:
      return "nonMinimalLength";
    case Failure::kLengthHighBit:
      return "lengthHighBit";
    case Failure::kMessageTooBig:
      return "messageTooBig";
    case Failure::kInvalidUtf8:
      return "invalidUtf8";
    case Failure::kCloseOneByte:
      return "closeOneByte";
    case Failure::kInvalidCloseCode:
      return "invalidCloseCode";
    case Failure::kInvalidCloseReason:
      return "invalidCloseReason";
  }
  return "unknown";
}

}  // namespace websocket
