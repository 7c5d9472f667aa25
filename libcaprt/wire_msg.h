// The kernel's Cap'n Proto codec (kernel/lib/capnp_wire.h, the same source
// file, built for ring 3 as caprt_wire) for services' hot paths: reading and
// building a message costs no allocation, no zeroing of a whole segment and
// no serialization pass, where capnp lite (capnp_glue.h) pays for all three.
//
// Reading applies capnp_glue.h's rules to hostile input, so a message one
// of them refuses for its framing or size the other refuses too: the bytes
// must be whole words, exactly accounted for by the segment table; the
// traversal and nesting limits are DecodeOptions'. The codec itself is a
// little stricter than capnp in two places no Cap'n Proto writer reaches:
// at most 16 segments (not 64), and a double-far landing pad must hold a
// single far pointer and a non-far tag. Every failure is kMalformedMessage.
//
//   caprt::WireIn in;
//   if (in.Open(params, len) != abi::Error::kOk) return malformed;
//   uint16_t m = in.root().get(L::Foo::BarParams::kMethod);
//   in.root().data(L::Foo::BarParams::kBlob, &bytes, &n);
//   if (in.status() != abi::Error::kOk) return malformed;  // any read failed
//
// Building: wire::MessageBuilder writes one segment straight into an 8-byte
// aligned buffer; WireFinish() maps its outcome to the glue's errors.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/lib/capnp_wire.h"

namespace caprt {

namespace wire = capos::wire;

// DecodeOptions' defaults (capnp_glue.h), so both readers bound a message's
// work alike.
inline constexpr uint64_t kWireTraversalLimitWords = 64 * 1024;
inline constexpr uint32_t kWireNestingLimit = 32;

// One hostile message being read. The bytes must outlive the readers handed
// out; an unaligned message is read from a heap copy this object owns (the
// guest's IPC buffers are aligned, so the hot paths never copy).
class WireIn {
 public:
  WireIn() = default;
  ~WireIn();
  WireIn(const WireIn&) = delete;
  WireIn& operator=(const WireIn&) = delete;

  // Frames bytes[0, size) and reads the root pointer: kOk, or
  // kMalformedMessage (then root() is the empty struct). Call once.
  abi::Error Open(const void* bytes, size_t size);
  // The root struct: every field of a failed Open reads as its default.
  const wire::StructReader& root() const { return root_; }
  // kOk iff Open and every pointer read since succeeded (the codec records
  // the first failure): check it before using what was read.
  abi::Error status() const { return ok() ? abi::Error::kOk : abi::Error::kMalformedMessage; }
  bool ok() const { return opened_ && msg_.ok(); }
  // The codec's reason for the first failure (for logs and tests).
  wire::Status detail() const { return opened_ ? msg_.status() : why_; }

 private:
  wire::Message msg_;
  wire::StructReader root_;
  void* copy_ = nullptr;
  bool opened_ = false;
  wire::Status why_ = wire::Status::kBadFraming;
};

// The outcome of a wire::MessageBuilder in capnp_glue.h's terms: kOk and the
// message length in *len; kResultTooSmall when the buffer ran out; else
// (a field the struct does not have, a misaligned buffer: bugs, not input)
// kMalformedMessage, as no valid message came out. *len is 0 on errors.
abi::Error WireFinish(wire::MessageBuilder& builder, size_t* len);

}  // namespace caprt
