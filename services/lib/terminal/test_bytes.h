// Host-test helper shared by the tests and the fuzz target: terminal
// output whose every byte is a function of its sequence number, so a byte
// that is lost, duplicated or misplaced anywhere is seen by its value.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <vector>

namespace terminal::test {

// Never 0x80..0xBF (a UTF-8 continuation byte), so the reader's skip past
// continuation bytes cannot move and the expected seqs stay simple.
inline uint8_t PatternByte(uint64_t seq) {
  uint64_t x = seq * 0x9E3779B97F4A7C15ull;
  const uint8_t b = static_cast<uint8_t>(x >> 56);
  return (b & 0xC0) == 0x80 ? static_cast<uint8_t>(b & 0x7F) : b;
}

inline std::vector<uint8_t> Pattern(uint64_t seq, size_t n) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = PatternByte(seq + i);
  return out;
}

}  // namespace terminal::test
