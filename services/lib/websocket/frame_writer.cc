#include "services/lib/websocket/frame_writer.h"

#include <string.h>

#include "services/lib/websocket/utf8.h"

namespace websocket {
namespace {

size_t HeaderBytes(uint64_t len) {
  return len < 126 ? 2 : len <= 0xFFFF ? 4 : 10;
}

// Writes a FIN header for any opcode, close included; the public writers
// decide which opcodes and lengths are allowed.
size_t PutHeader(Opcode opcode, uint64_t len, uint8_t* out, size_t cap) {
  const size_t n = HeaderBytes(len);
  if (out == nullptr || cap < n) return 0;
  out[0] = uint8_t(0x80 | uint8_t(opcode));
  if (n == 2) {
    out[1] = uint8_t(len);
  } else if (n == 4) {
    out[1] = 126;
    out[2] = uint8_t(len >> 8);
    out[3] = uint8_t(len);
  } else {
    out[1] = 127;
    for (int i = 0; i < 8; ++i) out[2 + i] = uint8_t(len >> (56 - 8 * i));
  }
  return n;
}

bool Allowed(Opcode opcode, uint64_t len) {
  switch (opcode) {
    case Opcode::kText:
    case Opcode::kBinary:
      return len >> 63 == 0;  // the 64-bit form has no top bit
    case Opcode::kPing:
    case Opcode::kPong:
      return len <= kMaxControlPayload;
    default:
      return false;
  }
}

}  // namespace

size_t WriteFrameHeader(Opcode opcode, uint64_t payload_len, uint8_t* out, size_t cap) {
  return Allowed(opcode, payload_len) ? PutHeader(opcode, payload_len, out, cap) : 0;
}

size_t WriteFrame(Opcode opcode, const void* payload, size_t len, uint8_t* out, size_t cap) {
  if (!Allowed(opcode, len) || (len > 0 && payload == nullptr)) return 0;
  if (opcode == Opcode::kText && !IsValidUtf8(static_cast<const uint8_t*>(payload), len)) return 0;
  const size_t h = HeaderBytes(len);
  if (out == nullptr || cap < h || cap - h < len) return 0;
  PutHeader(opcode, len, out, cap);
  if (len > 0) memcpy(out + h, payload, len);
  return h + len;
}

size_t WriteClose(uint16_t code, const char* reason, size_t reason_len, uint8_t* out, size_t cap) {
  if (code == kCloseNoStatus) {
    if (reason_len != 0) return 0;
    return PutHeader(Opcode::kClose, 0, out, cap);
  }
  if (!IsValidCloseCode(code) || reason_len > kMaxCloseReason ||
      (reason_len > 0 && reason == nullptr) ||
      !IsValidUtf8(reinterpret_cast<const uint8_t*>(reason), reason_len))
    return 0;
  const size_t len = 2 + reason_len;
  if (out == nullptr || cap < 2 + len) return 0;
  PutHeader(Opcode::kClose, len, out, cap);
  out[2] = uint8_t(code >> 8);
  out[3] = uint8_t(code);
  if (reason_len > 0) memcpy(out + 4, reason, reason_len);
  return 2 + len;
}

}  // namespace websocket
