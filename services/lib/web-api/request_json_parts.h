// Internal to services/lib/web-api: the pieces of the Request decoder split
// across files (request_json.cc, request_json_terminal.cc).
#pragma once

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/codec.h"
#include "services/lib/web-api/json_fields.h"

namespace web_api::request_parts {

template <size_t N>
constexpr uint32_t Count(const char* const (&)[N]) {
  return N;
}

// A terminal* Call member (`out->method` already set) into out->terminal
// and its flags, as remote_session's codec_terminal.cc reads the binary.
void ReadTerminalCall(FieldReader& f, const cJSON* member, remote_session::Request* out);

// The sessionResume Data into out->ticket / out->ticket_ok.
void ReadResumeTicket(FieldReader& f, const cJSON* member, remote_session::Request* out);

}  // namespace web_api::request_parts
