// Schema enum names and number formatting for the shell's output, spelled
// as the schemas and the host CLI spell them (tools/remote-session-client),
// so a denial reads the same in both.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "schema/remote_session.capnp.h"

namespace shell_app {

const char* ErrorCodeName(capos::schema::ErrorCode code);
const char* LaunchDenialName(capos::schema::LaunchDenial denial);
const char* ServiceStateName(capos::schema::ServiceState state);

// Decimal, NUL-terminated; returns the length (buf must hold 21 bytes).
size_t FormatUint(uint64_t v, char* buf);
// "$12.05" (buf must hold 24 bytes); returns the length.
size_t FormatMoney(uint64_t cents, char* buf);

// A small bounded string builder for one line of the shell's own text
// (numbers and names); what does not fit is cut.
class LineBuf {
 public:
  LineBuf& Add(const char* cstr);
  LineBuf& Add(const char* s, size_t n);
  LineBuf& Add(capnp::Text::Reader t) { return Add(t.begin(), t.size()); }
  LineBuf& Num(uint64_t v);
  LineBuf& Money(uint64_t cents);
  const char* data() const { return buf_; }
  size_t size() const { return len_; }

 private:
  char buf_[1024];
  size_t len_ = 0;
};

}  // namespace shell_app
