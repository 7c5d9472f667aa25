// libFuzzer: the PBKDF2 record parser on arbitrary text; a parsed record must
// format back to the same canonical text.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <string_view>

#include "services/authority/password.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  authority::PasswordRecord r;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!authority::parse_record(text, &r)) return 0;
  char out[256];
  const size_t n = authority::format_record(r, out, sizeof(out));
  if (n != size || memcmp(out, data, size) != 0) __builtin_trap();
  return 0;
}
