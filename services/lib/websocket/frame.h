// RFC 6455 section 5 vocabulary shared by the reader and the writer.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace websocket {

enum class Opcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

inline bool IsControl(Opcode op) {
  return (uint8_t(op) & 0x8) != 0;
}

// Control frames carry at most 125 payload bytes (section 5.5), so a close
// reason is at most 123 bytes after its 2-byte code.
inline constexpr size_t kMaxControlPayload = 125;
inline constexpr size_t kMaxCloseReason = kMaxControlPayload - 2;

// Close codes (section 7.4). 1005 and 1006 are reserved for APIs and never
// appear on the wire: the reader reports a close without a code as
// kCloseNoStatus, and the writer sends an empty close for it.
inline constexpr uint16_t kCloseNormal = 1000;
inline constexpr uint16_t kCloseGoingAway = 1001;
inline constexpr uint16_t kCloseProtocolError = 1002;
inline constexpr uint16_t kCloseUnsupportedData = 1003;
inline constexpr uint16_t kCloseNoStatus = 1005;
inline constexpr uint16_t kCloseInvalidPayload = 1007;  // e.g. text that is not UTF-8
inline constexpr uint16_t kClosePolicyViolation = 1008;
inline constexpr uint16_t kCloseMessageTooBig = 1009;
inline constexpr uint16_t kCloseInternalError = 1011;

// Codes that may appear in a close frame's payload, either way: the ones
// RFC 6455 defines for the wire (1000-1003, 1007-1011) and the registered
// and private ranges (3000-4999). Everything else below 3000 is reserved;
// that includes 1012-1014, registered with IANA after RFC 6455, which no
// browser sends (script may only close with 1000 or 3000-4999).
inline bool IsValidCloseCode(uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
         (code >= 3000 && code <= 4999);
}

}  // namespace websocket
