// A core response frame as the page's JSON (web_api's rendering of the DTO),
// with the page's own requestId in place of the one the web UI gave the
// core, plus the few fixed JSON objects of the web layer itself.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/response.h"

namespace web_ui {

namespace rs = remote_session;

// Renders frame[0, len) into out[0, cap) (NUL-terminated); 0 if it does not
// decode or fit. *id gets the frame's own requestId.
size_t RenderFrame(const uint8_t* frame, size_t len, char* out, size_t cap, uint32_t* id);

// Replaces the top-level "requestId" value of rendered JSON in place.
size_t SetRequestId(char* json, size_t len, size_t cap, uint32_t id);

// A DTO denial the web layer answers itself (no core involved: no session,
// an unknown id, a body that is not a Request), rendered like the core's.
size_t RenderDenial(rs::ErrorCode code, uint32_t id, char* out, size_t cap);

// The top-level member `key` of rendered JSON, as a span inside it.
bool RenderedMember(const char* json, size_t len, const char* key, const char** value,
                    size_t* value_len);

}  // namespace web_ui
