// Cap'n Proto plumbing shared by the typed clients: encode params, CALL,
// decode results. All decoding goes through the hostile-input glue
// (libcaprt/capnp_glue.h), so a bad reply is kMalformedMessage, never an
// abort.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

// Serializes `builder` into out[0, capacity): the length, or kResultTooSmall.
Result<size_t> SerializeTo(capnp::MessageBuilder& builder, void* out, size_t capacity);

// Encodes `params` and CALLs `method` on `cap`; returns the reply's length in
// `result` (which must be 8-byte aligned), or the error.
Result<uint32_t> CallMessage(const Cap& cap, uint16_t method, capnp::MessageBuilder& params,
                             void* result, uint32_t result_cap);

// Decodes a message whose root is a T and calls fn(T::Reader). kOk, or
// kMalformedMessage if the message or anything fn read from it was bad (then
// whatever fn extracted must be discarded).
template <typename T, typename Fn>
Status DecodeRoot(const void* data, size_t len, Fn&& fn) {
  DecodeResult r = Decode<T>(data, len, fn);
  return r.ok() ? Status() : Status(r.error);
}

}  // namespace caprt
