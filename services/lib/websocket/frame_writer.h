// Server-side RFC 6455 frame writer: single unfragmented frames, unmasked
// (servers must not mask, section 5.1), with the shortest length encoding
// (section 5.2). Each writer returns the frame's size, or 0 with nothing
// written when the frame is not allowed or out is too small; a 0 is a bug
// in the caller, never something to send partially.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/websocket/frame.h"

namespace websocket {

inline constexpr size_t kMaxServerHeaderBytes = 10;  // 2 + 8-byte length

// The header of a final frame carrying payload_len bytes, for a caller that
// sends the payload from its own buffer. opcode must be text, binary, ping
// or pong (control payloads at most 125 bytes); close has WriteClose.
size_t WriteFrameHeader(Opcode opcode, uint64_t payload_len, uint8_t* out, size_t cap);

// Header and payload. Text must be valid UTF-8: a browser fails the
// connection on invalid text, so sending it is refused here.
size_t WriteFrame(Opcode opcode, const void* payload, size_t len, uint8_t* out, size_t cap);

// A close frame. code kCloseNoStatus writes an empty payload (then reason
// must be empty); otherwise code must be IsValidCloseCode and reason valid
// UTF-8 of at most kMaxCloseReason bytes. Answering a received kClose event
// with its own close_code is the usual reply.
size_t WriteClose(uint16_t code, const char* reason, size_t reason_len, uint8_t* out, size_t cap);

}  // namespace websocket
