// libFuzzer target: RenderResponseJson over arbitrary payloads and
// capacities. Whatever it returns stays within the capacity; a rendering is
// NUL-terminated, parses as JSON and is valid UTF-8.
//
// Input: [capacity selector byte][payload bytes].
#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vector>

#include "services/lib/web-api/response_json.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// An independent check of the writer's UTF-8 (no overlongs, surrogates or
// values above U+10FFFF).
bool ValidUtf8(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n;) {
    uint8_t c = p[i];
    uint32_t cp, need;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F, need = 1;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F, need = 2;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07, need = 3;
    } else {
      return false;
    }
    for (uint32_t k = 1; k <= need; ++k) {
      if (i + k >= n || (p[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i + k] & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += need + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t cap = data[0] < 128 ? size_t(data[0]) * 8 : 70000;
  std::vector<char> out(cap + 1, '\x5a');
  size_t n = web_api::RenderResponseJson(data + 1, size - 1, cap ? out.data() : nullptr, cap);
  Check(out[cap] == '\x5a');
  if (n == 0) return 0;
  Check(n < cap && out[n] == '\0' && strlen(out.data()) == n);
  Check(ValidUtf8(reinterpret_cast<const uint8_t*>(out.data()), n));
  cJSON* parsed = cJSON_ParseWithLength(out.data(), n);
  Check(parsed != nullptr);
  cJSON_Delete(parsed);
  return 0;
}
