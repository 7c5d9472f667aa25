#include "services/lib/websocket/test_mask.h"

#include <string.h>

namespace websocket::test {

size_t MaskServerFrame(const uint8_t* frame, size_t len, const uint8_t key[4], uint8_t* out,
                       size_t cap) {
  if (len < 2 || (frame[1] & 0x80) != 0) return 0;
  const uint8_t len7 = frame[1] & 0x7F;
  const size_t header = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
  if (len < header || cap < len + 4) return 0;
  memcpy(out, frame, header);
  out[1] |= 0x80;
  memcpy(out + header, key, 4);
  for (size_t i = header; i < len; ++i) out[i + 4] = frame[i] ^ key[(i - header) & 3];
  return len + 4;
}

}  // namespace websocket::test
