#include "libcaprt/runtime/console_raw.h"

namespace caprt {

size_t EncodeConsoleWrite(const char* text, size_t len, uint64_t* out, size_t out_cap) {
  size_t total = ConsoleWriteParamsSize(len);
  if (len > kConsoleChunkMax || out_cap < total) return 0;
  uint64_t seg_words = (total - 8) / 8;
  out[0] = seg_words << 32;  // one segment (count - 1 == 0), then its size
  // Root: struct pointer, offset 0, no data words, one pointer.
  out[1] = uint64_t{1} << 48;
  // Text: list pointer, offset 0, element size BYTE (2), len + 1 with NUL.
  out[2] = 1 | (uint64_t{2} << 32) | (static_cast<uint64_t>(len + 1) << 35);
  auto* bytes = reinterpret_cast<unsigned char*>(&out[3]);
  size_t padded = total - 24;
  for (size_t i = 0; i < padded; ++i) bytes[i] = i < len ? static_cast<unsigned char>(text[i]) : 0;
  return total;
}

}  // namespace caprt
