// libFuzzer target: json::Document::Parse over arbitrary bytes with small
// and default limits, then the getters and cJSON's printer over whatever
// parsed. Checks that every byte cJSON allocated is freed again.
#include <stddef.h>
#include <stdint.h>

#include "services/lib/json/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  json::Limits limits;
  if (data[0] & 1) {
    limits.max_bytes = 512;
    limits.max_depth = 4;
    limits.max_alloc_bytes = 4096;
  }
  json::Init();
  size_t before = json::LiveBytes();
  {
    json::Document d;
    if (d.Parse(reinterpret_cast<const char*>(data) + 1, size - 1, limits) == json::Error::kNone) {
      char buf[16];
      int64_t n;
      bool b;
      const cJSON* child = d.root()->child;
      const char* name = child != nullptr && child->string != nullptr ? child->string : "a";
      json::GetString(d.root(), name, buf, sizeof(buf));
      json::GetInt(d.root(), name, -1000, 1000, &n);
      json::GetBool(d.root(), name, &b);
      char* text = cJSON_PrintUnformatted(d.root());
      if (text != nullptr) cJSON_free(text);
    }
  }
  if (json::LiveBytes() != before) __builtin_trap();
  return 0;
}
