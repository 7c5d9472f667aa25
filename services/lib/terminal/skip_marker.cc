#include "services/lib/terminal/skip_marker.h"

#include <string.h>

namespace terminal {
namespace {

constexpr char kHead[] = "\x18\x1b[0;2m\r\n[... ";
constexpr char kOne[] = " byte skipped ...]\x1b[0m\r\n";
constexpr char kMany[] = " bytes skipped ...]\x1b[0m\r\n";
constexpr size_t kMaxDigits = 20;  // UINT64_MAX
static_assert(sizeof(kHead) - 1 + kMaxDigits + sizeof(kMany) - 1 <= kMaxMarkerBytes,
              "the longest marker fits kMaxMarkerBytes (TerminalSession.maxMarkerBytes)");

size_t Decimal(uint64_t v, char* out) {
  char rev[kMaxDigits];
  size_t n = 0;
  do {
    rev[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (size_t i = 0; i < n; ++i) out[i] = rev[n - 1 - i];
  return n;
}

}  // namespace

size_t BuildSkipMarker(uint64_t skipped, uint8_t* out, size_t cap) {
  if (skipped == 0 || out == nullptr) return 0;
  char digits[kMaxDigits];
  const size_t nd = Decimal(skipped, digits);
  const char* tail = skipped == 1 ? kOne : kMany;
  const size_t nh = sizeof(kHead) - 1;
  const size_t nt = strlen(tail);
  if (cap < nh + nd + nt) return 0;
  memcpy(out, kHead, nh);
  memcpy(out + nh, digits, nd);
  memcpy(out + nh + nd, tail, nt);
  return nh + nd + nt;
}

}  // namespace terminal
