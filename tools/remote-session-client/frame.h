// Remote-session frames (schema/remote_session.capnp): a 4-byte
// little-endian length N, 1 <= N <= maxFrameBytes, then N bytes holding one
// Cap'n Proto message in standard stream framing.
//
// Everything read from the gateway is untrusted: the reader rejects bad
// lengths before buffering, and decode_* copies the message into a builder
// (a full traversal under a read limit), so later field access cannot hit an
// out-of-bounds pointer.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_FRAME_H_
#define TOOLS_REMOTE_SESSION_CLIENT_FRAME_H_

#include <capnp/message.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "schema/remote_session.capnp.h"

namespace rsclient {

inline constexpr uint32_t kMaxFrameBytes = capos::schema::MAX_FRAME_BYTES;
inline constexpr size_t kHeaderBytes = 4;

enum class FrameError {
  kNone,
  kEmpty,        // header announced 0 bytes
  kTooLarge,     // header announced more than kMaxFrameBytes
  kMisaligned,   // payload is not a whole number of 8-byte words
  kUndecodable,  // segment table or pointers invalid, or trailing bytes
  kWrongRoot,    // decodes, but not as the expected struct (e.g. no union)
};

const char* frame_error_name(FrameError e);

// The frame for `msg`; kTooLarge if it would not fit (nothing is produced).
FrameError encode_frame(capnp::MessageBuilder& msg, std::string* out);

// The 4-byte header alone (tests and probes that build frames by hand).
std::string frame_header(uint32_t length);

// Incremental splitter over a byte stream. After an error it stays in error
// and yields nothing more; the caller closes the connection.
class FrameReader {
 public:
  void feed(std::string_view bytes);
  // The next complete payload, if any.
  std::optional<std::string> next();
  FrameError error() const { return error_; }
  // True when some bytes of a frame have arrived but not all of it.
  bool mid_frame() const { return !buf_.empty(); }

 private:
  std::string buf_;
  FrameError error_ = FrameError::kNone;
};

// Validates `payload` as one Response / Request message and copies it into
// `out` (which must be fresh). kNone on success.
FrameError decode_response(std::string_view payload, capnp::MallocMessageBuilder* out);
FrameError decode_request(std::string_view payload, capnp::MallocMessageBuilder* out);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_FRAME_H_
