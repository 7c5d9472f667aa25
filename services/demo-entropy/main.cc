// demo-entropy: reads the granted EntropySource and says what it got, so a
// scenario can prove either outcome: random bytes (PASS lines) or the typed
// "no source" answer (an `entropy-read: notFound` line, not a failure here;
// the scenario decides which outcome it expects). Either way it then shows
// it keeps running (a timer sleep after the read) and exits 0.
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"

namespace {

constexpr uint64_t kMs = 1000 * 1000;

bool AllZero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

// Reads two 32-byte blocks and a 1000-byte block (several kernel calls).
// Returns false only on a wrong outcome; notFound on every read is the
// honest "no entropy source" answer and is reported, not failed.
bool CheckEntropy(caprt::Console& out, const caprt::Cap& entropy) {
  uint8_t a[32] = {}, b[32] = {};
  static uint8_t big[1000];
  caprt::Status ra = caprt::RandomBytes(entropy, a, sizeof(a));
  caprt::Status rb = caprt::RandomBytes(entropy, b, sizeof(b));
  caprt::Status rc = caprt::RandomBytes(entropy, big, sizeof(big));
  if (!ra.ok() && ra.error() == abi::Error::kNotFound && rb.error() == abi::Error::kNotFound &&
      rc.error() == abi::Error::kNotFound) {
    out.Printf("entropy-read: notFound (no entropy source)\n");
    return true;
  }
  // A device that stalls is reset and disabled by the kernel: the reads
  // after that answer notFound too. Reported, not failed: the scenario
  // for a stalled device expects exactly this.
  caprt::Status rs[] = {ra, rb, rc};
  int good = 0;
  while (good < 3 && rs[good].ok()) ++good;
  bool lost = good > 0 && good < 3;
  for (int i = good; i < 3; ++i) lost &= rs[i].error() == abi::Error::kNotFound;
  if (lost) {
    out.Printf("entropy-read: source lost after %d good reads (then notFound)\n", good);
    return true;
  }
  if (!ra.ok() || !rb.ok() || !rc.ok()) {
    out.Printf("FAIL entropy-read: %s/%s/%s\n", caprt::ErrorName(ra.error()),
               caprt::ErrorName(rb.error()), caprt::ErrorName(rc.error()));
    return false;
  }
  bool nonzero = !AllZero(a, sizeof(a)) && !AllZero(b, sizeof(b));
  bool differ = memcmp(a, b, sizeof(a)) != 0;
  bool ok = nonzero && differ;
  out.Printf(
      "%s entropy-random-bytes nonzero %d differ %d (%02x%02x%02x%02x.. %02x%02x%02x%02x..)\n",
      ok ? "PASS" : "FAIL", nonzero, differ, a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
  // 1000 bytes in four calls: every 8-byte word non-zero is what a real
  // generator gives (chance of a zero word is 2^-64 each).
  bool big_ok = true;
  for (size_t i = 0; i + 8 <= sizeof(big); i += 8) big_ok &= !AllZero(big + i, 8);
  out.Printf("%s entropy-large-read %u bytes\n", big_ok ? "PASS" : "FAIL",
             static_cast<unsigned>(sizeof(big)));
  return ok && big_ok;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  caprt::Console& out = console.value();
  caprt::Result<caprt::Cap> entropy = caprt::FindCap("entropy", caprt::iface::kEntropySource);
  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  if (!entropy.ok() || !timer.ok()) {
    out.Printf("FAIL setup: entropy %s, timer %s\n", caprt::ErrorName(entropy.error()),
               caprt::ErrorName(timer.error()));
    return 1;
  }
  bool ok = CheckEntropy(out, entropy.value());
  caprt::Status slept = timer.value().Sleep(20 * kMs);
  out.Printf("%s still-running after the entropy reads (sleep %s)\n", slept.ok() ? "PASS" : "FAIL",
             caprt::ErrorName(slept.error()));
  return ok && slept.ok() ? 0 : 1;
}
