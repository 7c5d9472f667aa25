#include "services/paperclips-server/paperclips_text.h"

namespace paperclips {

bool IsValidId(const char* s, size_t len, size_t max_len) {
  if (len == 0 || len > max_len) return false;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace paperclips
