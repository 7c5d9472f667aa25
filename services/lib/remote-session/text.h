// Copying Cap'n Proto Text into the core's fixed-size buffers: the one
// place that does it, in its two flavours.
//
// Client input (hostile) goes into a BoundedText and is refused when too
// long, never cut: a cut principal or chat line would silently mean
// something else. Backend answers (other services, bounded by their
// schemas) are cut to the buffer instead; a cut display name is harmless.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <capnp/blob.h>

namespace remote_session {

// A bounded copy of a client text field. `too_long` means the client sent
// more than fits; `len` is then 0 and `data` empty.
template <size_t N>
struct BoundedText {
  char data[N + 1] = {};
  uint32_t len = 0;
  bool too_long = false;
};

template <size_t N>
void CopyText(capnp::Text::Reader t, BoundedText<N>* out) {
  if (t.size() > N) {
    out->too_long = true;
    out->len = 0;
    out->data[0] = 0;
    return;
  }
  memcpy(out->data, t.begin(), t.size());
  out->data[t.size()] = 0;
  out->len = static_cast<uint32_t>(t.size());
}

// out[0, cap) gets the text cut at cap - 1 bytes, NUL-terminated.
inline void CopyText(capnp::Text::Reader t, char* out, size_t cap) {
  if (cap == 0) return;
  size_t n = t.size() < cap - 1 ? t.size() : cap - 1;
  memcpy(out, t.begin(), n);
  out[n] = '\0';
}

}  // namespace remote_session
