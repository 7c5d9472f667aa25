// Internal to the response writers (response*.cc): the per-response
// message builder and the text helpers they share.
#pragma once

#include <string.h>

#include <type_traits>

#include <capnp/message.h>

#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/codec.h"
#include "services/lib/remote-session/descriptors.h"
#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/stage_clock.h"

namespace remote_session {

// A pointer is a NUL-terminated string. It is a template so that the array
// overload below, more specialized, wins for an array: a non-template
// `T(const char*)` would win the tie and strlen past an array's end.
template <typename P,
          typename = std::enable_if_t<std::is_same_v<P, const char*> || std::is_same_v<P, char*>>>
capnp::Text::Reader T(P str) {
  return capnp::Text::Reader(str, strlen(str));
}
// Backend-filled arrays may lack their NUL: never read past the array.
template <size_t N>
capnp::Text::Reader T(const char (&a)[N]) {
  return capnp::Text::Reader(a, strnlen(a, N - 1));
}

// The zeroed first segment every response starts in (response.cc); null
// while another response holds it (then the builder allocates).
kj::ArrayPtr<capnp::word> TakeFirstSegment();
void GiveBackFirstSegment();

// Owns the builder for one response; Finish() encodes it as a frame. The
// encode stage covers building the message too.
struct Builder {
  StageTimer timer{Stage::kEncode};
  kj::ArrayPtr<capnp::word> segment = TakeFirstSegment();
  capnp::MallocMessageBuilder message =
      segment == nullptr ? capnp::MallocMessageBuilder() : capnp::MallocMessageBuilder(segment);
  capos::schema::Response::Builder root;
  explicit Builder(uint32_t id) : root(message.initRoot<capos::schema::Response>()) {
    root.setRequestId(id);
  }
  ~Builder() {
    if (segment != nullptr) GiveBackFirstSegment();
  }
  size_t Finish(const Frame& f) {
    return EncodeFrame(message, f.out, f.capacity, f.max_frame_bytes);
  }
};

void FillDescriptor(capos::schema::MethodDescriptor::Builder b, const MethodDescriptor& m);

}  // namespace remote_session
