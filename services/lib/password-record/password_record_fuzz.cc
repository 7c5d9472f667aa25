// libFuzzer: the PBKDF2 record parser on arbitrary text; a parsed record must
// format back to the same canonical text.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "services/lib/password-record/password_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pwrecord::PasswordRecord r;
  if (!pwrecord::parse_record(reinterpret_cast<const char*>(data), size, &r)) return 0;
  char out[256];
  const size_t n = pwrecord::format_record(r, out, sizeof(out));
  if (n != size || memcmp(out, data, size) != 0) __builtin_trap();
  return 0;
}
