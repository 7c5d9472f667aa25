// demo-probe: the hostile-input proof. Every malformed request below must be
// answered with a typed error, and the process must survive all of them.
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "services/demo-probe/probe.h"

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  if (!timer.ok()) {
    console.value().Printf("FAIL setup: no timer grant (%s)\n", caprt::ErrorName(timer.error()));
    return 1;
  }
  probe::Probe p(console.value(), console.value().cap(), timer.value().cap());
  probe::InitParams(p);
  // The time of day through the cap, printed for the scenario to compare
  // with the host's clock (the guest cannot: it has no other clock).
  caprt::Result<uint64_t> wall = timer.value().WallClockNs();
  if (p.Check("wall-clock", wall.ok() && wall.value() != 0, "%s",
              wall.ok() ? "0: the kernel has no time of day" : caprt::ErrorName(wall.error()))) {
    p.out().Printf("demo-probe: wall clock unix %lu\n",
                   static_cast<unsigned long>(wall.value() / 1000000000));
  }
  probe::RunCallChecks(p);
  probe::RunCapnpChecks(p);
  probe::RunRingChecks(p);  // last: it releases the timer
  return p.Finish();
}
