// demo-hello: the smallest proof that typed Console and Timer calls work.
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/result.h"

namespace {

constexpr uint64_t kMs = 1000 * 1000;

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  caprt::Console& out = console.value();
  caprt::Status written = out.Write("PASS console-write\n");
  if (!written.ok()) return 1;

  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  if (!timer.ok()) {
    out.Printf("FAIL timer-sleep: no timer (%s)\n", caprt::ErrorName(timer.error()));
    return 1;
  }
  caprt::Result<uint64_t> before = timer.value().Now();
  caprt::Status slept = timer.value().Sleep(50 * kMs);
  caprt::Result<uint64_t> after = timer.value().Now();
  if (!before.ok() || !slept.ok() || !after.ok()) {
    out.Printf("FAIL timer-sleep: now %s, sleep %s, now %s\n", caprt::ErrorName(before.error()),
               caprt::ErrorName(slept.error()), caprt::ErrorName(after.error()));
    return 1;
  }
  uint64_t elapsed_ms = (after.value() - before.value()) / kMs;
  bool ok = after.value() - before.value() >= 50 * kMs;
  out.Printf("%s timer-sleep %llums\n", ok ? "PASS" : "FAIL",
             static_cast<unsigned long long>(elapsed_ms));

  for (int k = 1; k <= 5; ++k) {
    timer.value().Sleep(100 * kMs);
    out.Printf("tick %d\n", k);
  }
  out.Write("demo-hello: done\n");
  return ok ? 0 : 1;
}
