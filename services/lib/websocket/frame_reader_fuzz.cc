// libFuzzer target over FrameReader, and over the writer through it.
//
// Input: [mode u8][max message u8 (x16 bytes)][rest].
//   mode bit 0 clear: client bytes go to the reader, fed once whole and once
//     in chunks whose sizes come from the mode byte; both runs must give the
//     same events (the reader is incremental), and every event must keep
//     the reader's promises: bounded lengths, text and close reasons that
//     are UTF-8, close codes valid on the wire, failure codes 1002/1007/1009,
//     nothing taken once done. With bit 1 clear the rest is the raw client
//     bytes; with bit 1 set it is a list of frames the harness encodes (so
//     mutations reach fragmentation and close handling instead of mostly
//     breaking headers): repeated [byte 0][flags][len u8][payload], flags
//     bit 0-1 = length form (shortest, 16-bit, 64-bit), bit 2 = unmasked.
//   mode bit 0 set: rest is [opcode u8][code u16][key 4][payload]: what the
//     writer accepts, masked by the test helper, must read back as exactly
//     one event with the same payload; what it refuses must deserve it.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "services/lib/websocket/frame_reader.h"
#include "services/lib/websocket/frame_writer.h"
#include "services/lib/websocket/test_mask.h"
#include "services/lib/websocket/utf8.h"

namespace {

using namespace websocket;

void Check(bool ok) {
  if (!ok) abort();
}

constexpr size_t kMaxEvents = 256;
constexpr size_t kBufferBytes = 4096;

struct Summary {
  EventType type;
  size_t length;
  uint16_t code;
  Failure failure;
  uint32_t hash;  // FNV-1a of the data
};

uint32_t Hash(const uint8_t* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

void CheckEvent(const Event& e, size_t max_message) {
  switch (e.type) {
    case EventType::kText:
      Check(IsValidUtf8(e.data, e.length));
      [[fallthrough]];
    case EventType::kBinary:
      Check(e.length <= max_message);
      break;
    case EventType::kPing:
    case EventType::kPong:
      Check(e.length <= kMaxControlPayload);
      break;
    case EventType::kClose:
      Check(e.close_code == kCloseNoStatus || IsValidCloseCode(e.close_code));
      Check(e.length <= kMaxCloseReason && IsValidUtf8(e.data, e.length));
      break;
    case EventType::kFailed:
      Check(e.close_code == kCloseProtocolError || e.close_code == kCloseInvalidPayload ||
            e.close_code == kCloseMessageTooBig);
      Check(e.failure != Failure::kNone);
      break;
    case EventType::kNone:
      break;
  }
}

// Feeds in[0..n) in chunks of chunk_sizes[i % 4] + 1 bytes (whole if
// chunk_sizes is null); returns the number of events summarized.
size_t Run(const uint8_t* in, size_t n, size_t max_message, const uint8_t* chunk_sizes,
           Summary* out) {
  static uint8_t buffer[kBufferBytes];
  FrameReader reader(buffer, sizeof(buffer), max_message);
  size_t events = 0, at = 0, i = 0;
  while (at < n && !reader.done()) {
    size_t left = chunk_sizes ? size_t(chunk_sizes[i++ % 4] % 32) + 1 : n - at;
    if (left > n - at) left = n - at;
    while (left > 0 && !reader.done()) {
      Event e;
      const size_t used = reader.Feed(in + at, left, &e);
      Check(used <= left && (used > 0 || e.type != EventType::kNone));
      CheckEvent(e, max_message);
      if (e.type != EventType::kNone && events < kMaxEvents) {
        out[events++] = Summary{e.type, e.length, e.close_code, e.failure, Hash(e.data, e.length)};
      }
      Check(reader.done() == (e.type == EventType::kClose || e.type == EventType::kFailed));
      at += used;
      left -= used;
    }
  }
  if (reader.done()) {
    Event e;
    Check(reader.Feed(in, n, &e) == 0 && e.type == EventType::kNone);
  }
  return events;
}

// Encodes the frame list of a structured input (see the top) into out.
size_t BuildFrames(const uint8_t* in, size_t n, uint8_t* out, size_t cap) {
  size_t at = 0, o = 0;
  while (n - at >= 3) {
    const uint8_t b0 = in[at], flags = in[at + 1];
    size_t len = in[at + 2];
    at += 3;
    if (len > n - at) len = n - at;
    if (cap - o < 14 + len) break;
    const int form = flags & 3;
    const uint8_t mask_bit = (flags & 4) ? 0 : 0x80;
    out[o++] = b0;
    if (form == 0 && len < 126) {
      out[o++] = uint8_t(mask_bit | len);
    } else if (form <= 1) {
      out[o++] = mask_bit | 126;
      out[o++] = 0;
      out[o++] = uint8_t(len);
    } else {
      out[o++] = mask_bit | 127;
      for (int i = 0; i < 7; ++i) out[o++] = 0;
      out[o++] = uint8_t(len);
    }
    const uint8_t key[4] = {flags, uint8_t(flags ^ 0x5A), 0x11, 0xEE};
    if (mask_bit) {
      memcpy(out + o, key, 4);
      o += 4;
    }
    for (size_t i = 0; i < len; ++i) out[o++] = in[at + i] ^ (mask_bit ? key[i & 3] : 0);
    at += len;
  }
  return o;
}

void FuzzReader(const uint8_t* in, size_t n, size_t max_message, uint8_t mode) {
  static Summary whole[kMaxEvents], chunked[kMaxEvents];
  const size_t a = Run(in, n, max_message, nullptr, whole);
  const uint8_t sizes[4] = {uint8_t(mode >> 2), uint8_t(mode >> 4), uint8_t(mode >> 6), 0};
  const size_t b = Run(in, n, max_message, sizes, chunked);
  Check(a == b);
  for (size_t i = 0; i < a; ++i) {
    Check(whole[i].type == chunked[i].type && whole[i].length == chunked[i].length &&
          whole[i].code == chunked[i].code && whole[i].failure == chunked[i].failure &&
          whole[i].hash == chunked[i].hash);
  }
}

void FuzzRoundTrip(const uint8_t* in, size_t n, size_t max_message) {
  if (n < 7) return;
  const Opcode op = static_cast<Opcode>(in[0] & 0x0F);
  const uint16_t code = uint16_t(in[1] << 8 | in[2]);
  const uint8_t* key = in + 3;
  const uint8_t* payload = in + 7;
  const size_t len = n - 7;
  static uint8_t frame[kBufferBytes + kMaxServerHeaderBytes];
  static uint8_t masked[sizeof(frame) + 4];
  const size_t w = op == Opcode::kClose ? WriteClose(code, reinterpret_cast<const char*>(payload),
                                                     len, frame, sizeof(frame))
                                        : WriteFrame(op, payload, len, frame, sizeof(frame));
  if (w == 0) {
    // Refusals are for frames a server must not send (the buffer is always
    // big enough here).
    const bool text_ok = IsValidUtf8(payload, len);
    switch (op) {
      case Opcode::kText:
        Check(!text_ok);
        break;
      case Opcode::kBinary:
        Check(false);
        break;
      case Opcode::kPing:
      case Opcode::kPong:
        Check(len > kMaxControlPayload);
        break;
      case Opcode::kClose:
        Check(code == kCloseNoStatus
                  ? len > 0
                  : !IsValidCloseCode(code) || len > kMaxCloseReason || !text_ok);
        break;
      default:
        break;  // continuation and reserved opcodes are never written
    }
    return;
  }
  if (op != Opcode::kClose) {  // the header alone is the same frame's start
    uint8_t h[kMaxServerHeaderBytes];
    const size_t hn = WriteFrameHeader(op, len, h, sizeof(h));
    Check(hn > 0 && hn + len == w && memcmp(h, frame, hn) == 0);
  }
  const size_t m = test::MaskServerFrame(frame, w, key, masked, sizeof(masked));
  Check(m == w + 4);
  static uint8_t buffer[kBufferBytes];
  FrameReader reader(buffer, sizeof(buffer), max_message);
  Event e;
  const size_t used = reader.Feed(masked, m, &e);
  const bool too_big = (op == Opcode::kText || op == Opcode::kBinary) && len > max_message;
  if (too_big) {
    // Refused from the header alone, before any payload byte is taken.
    Check(e.type == EventType::kFailed && e.close_code == kCloseMessageTooBig);
    Check(used == m - len);
    return;
  }
  Check(used == m);
  switch (op) {
    case Opcode::kText:
      Check(e.type == EventType::kText);
      break;
    case Opcode::kBinary:
      Check(e.type == EventType::kBinary);
      break;
    case Opcode::kPing:
      Check(e.type == EventType::kPing);
      break;
    case Opcode::kPong:
      Check(e.type == EventType::kPong);
      break;
    case Opcode::kClose:
      Check(e.type == EventType::kClose && e.close_code == code);
      break;
    default:
      Check(false);
  }
  Check(e.length == len && (len == 0 || memcmp(e.data, payload, len) == 0));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  // 0..4080 in steps of 16: small limits make 1009 reachable.
  const size_t max_message = size_t(data[1]) * 16;
  if (mode & 1) {
    FuzzRoundTrip(data + 2, size - 2, max_message);
  } else if (mode & 2) {
    static uint8_t frames[8192];
    FuzzReader(frames, BuildFrames(data + 2, size - 2, frames, sizeof(frames)), max_message, mode);
  } else {
    FuzzReader(data + 2, size - 2, max_message, mode);
  }
  return 0;
}
