// RDSEED/RDRAND entropy for mbedTLS (see hardware_entropy.h).
#include "libcaprt/mbedtls/hardware_entropy.h"

#include <string.h>

#include "mbedtls/entropy.h"

namespace caprt::entropy {
namespace {

void cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4]) {
  asm volatile("cpuid"
               : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
               : "a"(leaf), "c"(sub));
}

// One 64-bit draw; false when the instruction reports no data (CF=0).
bool draw(Source source, uint64_t* value) {
  unsigned char ok;
  if (source == Source::kRdseed) {
    asm volatile("rdseed %0; setc %1" : "=r"(*value), "=qm"(ok) : : "cc");
  } else {
    asm volatile("rdrand %0; setc %1" : "=r"(*value), "=qm"(ok) : : "cc");
  }
  return ok != 0;
}

// Intel recommends 10 RDRAND retries; RDSEED may underflow more often under
// load, so it gets more, with a pause between tries.
int max_tries(Source source) {
  return source == Source::kRdseed ? 128 : 10;
}

}  // namespace

Source detect() {
  uint32_t r[4];
  cpuid(0, 0, r);
  const uint32_t max_leaf = r[0];
  if (max_leaf >= 7) {
    cpuid(7, 0, r);
    if (r[1] & (1u << 18)) return Source::kRdseed;
  }
  cpuid(1, 0, r);
  if (r[2] & (1u << 30)) return Source::kRdrand;
  return Source::kNone;
}

size_t fill(Source source, uint8_t* out, size_t len) {
  if (source == Source::kNone) return 0;
  size_t done = 0;
  while (done < len) {
    uint64_t v = 0;
    int tries = 0;
    while (!draw(source, &v)) {
      if (++tries >= max_tries(source)) return done;
      asm volatile("pause");
    }
    const size_t n = len - done < sizeof(v) ? len - done : sizeof(v);
    memcpy(out + done, &v, n);
    done += n;
  }
  return done;
}

}  // namespace caprt::entropy

// mbedTLS's hardware hook (MBEDTLS_ENTROPY_HARDWARE_ALT). Partial output is
// reported as such; mbedTLS keeps polling until its threshold or fails.
extern "C" int mbedtls_hardware_poll(void* /*data*/, unsigned char* output, size_t len,
                                     size_t* olen) {
  using namespace caprt::entropy;
  const Source source = detect();
  *olen = fill(source, output, len);
  if (source == Source::kNone || *olen == 0) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
  return 0;
}
