// Allocation-free encoding of Console.write params.
//
// The runtime's own log, its ABI-mismatch message and the abort hook must work
// with no heap (abort may come from an exhausted malloc), so they cannot use a
// MessageBuilder. Console.write's params are one struct with one Text pointer;
// this writes that message by hand in the standard stream framing.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace caprt {

// Longest text one Console.write accepts (kernel: badLength above 4 KiB,
// counting the NUL that Text carries).
inline constexpr size_t kConsoleChunkMax = 4000;

// Bytes needed to encode `len` bytes of text.
constexpr size_t ConsoleWriteParamsSize(size_t len) {
  return 8 /* segment table */ + 16 /* root + text pointer */ + ((len + 1 + 7) & ~size_t{7});
}

// Encodes Console.write(text[0..len)) into `out` (8-byte aligned, `out_cap`
// bytes). Returns the message length, or 0 if len > kConsoleChunkMax or the
// buffer is too small.
size_t EncodeConsoleWrite(const char* text, size_t len, uint64_t* out, size_t out_cap);

}  // namespace caprt
