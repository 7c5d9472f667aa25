// Cap'n Proto at the trust boundary: every message a service receives is
// hostile until proven otherwise. The rule here is that a malformed message
// becomes a typed error (abi::Error::kMalformedMessage), never an abort.
//
// Works the same in the guest (capnp lite, -fno-exceptions) and on the host
// (Debian's full libcapnp): kj reports bad input as a *recoverable* fault,
// which the scoped callback below records instead of throwing or logging;
// readers then return default values and the caller sees the error code.
#ifndef LIBCAPRT_CAPNP_GLUE_H_
#define LIBCAPRT_CAPNP_GLUE_H_

#include <capnp/message.h>
#include <kj/function.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"

namespace caprt {

struct DecodeOptions {
  // Bounds the work a message can cause (amplification by shared pointers).
  uint64_t traversal_limit_words = 64 * 1024;
  int nesting_limit = 32;
  uint32_t max_segments = 64;
};

struct DecodeResult {
  abi::Error error = abi::Error::kOk;
  // First problem seen, NUL-terminated and truncated; for logs only.
  char detail[112] = {};

  bool ok() const { return error == abi::Error::kOk; }
};

// Checks the stream framing of `bytes` (segment count and sizes must exactly
// account for the buffer), copies it to word alignment if needed, and calls
// `read` with a reader over it. Any fault kj raises while reading is
// recorded; then the result is kMalformedMessage and whatever `read`
// extracted must be discarded (kj substituted defaults after the fault).
// `read` is not called at all if the framing is bad. Allocates only for
// the copy of an unaligned buffer and for capnp's segment table.
DecodeResult DecodeMessage(const void* bytes, size_t size,
                           kj::FunctionParam<void(capnp::MessageReader&)> read,
                           const DecodeOptions& options = {});

// Typed convenience: `read` receives T::Reader for the message root.
template <typename T, typename Fn>
DecodeResult Decode(const void* bytes, size_t size, Fn&& read, const DecodeOptions& options = {}) {
  return DecodeMessage(
      bytes, size, [&](capnp::MessageReader& reader) { read(reader.getRoot<T>()); }, options);
}

struct EncodeResult {
  abi::Error error = abi::Error::kOk;
  // Bytes written on success; on kResultTooSmall, the bytes that are needed.
  size_t length = 0;
};

// Writes `builder` in stream framing to out[0, capacity). Writes nothing and
// returns kResultTooSmall (with the needed length) if it does not fit.
EncodeResult EncodeMessage(capnp::MessageBuilder& builder, void* out, size_t capacity);

}  // namespace caprt

#endif  // LIBCAPRT_CAPNP_GLUE_H_
