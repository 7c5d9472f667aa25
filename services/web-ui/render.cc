#include "services/web-ui/render.h"

#include <stdio.h>
#include <string.h>

#include "services/lib/remote-session/frame_reader.h"
#include "services/lib/web-api/response_json.h"
#include "services/web-ui/json_member.h"

namespace web_ui {

size_t RenderFrame(const uint8_t* frame, size_t len, char* out, size_t cap, uint32_t* id) {
  size_t n = web_api::RenderResponseFrameJson(frame, len, out, cap);
  JsonSpan v;
  if (n == 0 || !FindMember(out, n, "requestId", &v)) return 0;
  uint32_t value = 0;
  for (size_t k = 0; k < v.len; ++k) {
    if (v.data[k] < '0' || v.data[k] > '9') return 0;
    value = value * 10 + uint32_t(v.data[k] - '0');
  }
  *id = value;
  return n;
}

size_t SetRequestId(char* json, size_t len, size_t cap, uint32_t id) {
  JsonSpan v;
  if (!FindMember(json, len, "requestId", &v)) return 0;
  char digits[12];
  size_t d = static_cast<size_t>(snprintf(digits, sizeof(digits), "%u", unsigned(id)));
  size_t at = static_cast<size_t>(v.data - json);
  size_t new_len = len - v.len + d;
  if (new_len + 1 > cap) return 0;
  memmove(json + at + d, json + at + v.len, len - at - v.len + 1);  // with the NUL
  memcpy(json + at, digits, d);
  return new_len;
}

size_t RenderDenial(rs::ErrorCode code, uint32_t id, char* out, size_t cap) {
  alignas(8) static uint8_t frame[512];
  size_t n = rs::WriteDenied(rs::Frame{frame, sizeof(frame), rs::kDefaultMaxFrameBytes}, id, code);
  uint32_t ignored;
  return n == 0 ? 0 : RenderFrame(frame, n, out, cap, &ignored);
}

bool RenderedMember(const char* json, size_t len, const char* key, const char** value,
                    size_t* value_len) {
  JsonSpan v;
  if (!FindMember(json, len, key, &v)) return false;
  *value = v.data;
  *value_len = v.len;
  return true;
}

}  // namespace web_ui
