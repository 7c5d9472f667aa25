// launcher-probe's checks: each launch denial leaves the kernel's process
// count unchanged; an allowed, session-bound launch adds exactly one process
// that exits 0 once its session is logged out; a profile's maxInstances
// holds while its children run and frees up once they exit.
#pragma once

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ring.h"
#include "services/launcher-probe/launch_client.h"
#include "services/lib/probe/harness.h"

namespace probe {

struct Caps {
  caprt::Cap console, timer, diagnostics, authority, launcher, control;
};

// PASS/FAIL bookkeeping is services/lib/probe's.
class Checks : public harness::Harness {
 public:
  Checks(caprt::Console out, const Caps& caps) : Harness(out, "launcher-probe"), caps_(caps) {}
  // Runs every check; returns the number that failed.
  int RunAll();

 private:
  bool WaitForBaseline();
  uint32_t Processes();
  void ExpectDenied(const char* check, const LaunchArgs& args, uint16_t want_code);
  void AllowedLaunch();
  void EndChild(const char* logout_check, const char* exit_check, const caprt::Cap& cell,
                const caprt::Cap& handle);
  void QuotaLaunches();
  void Shutdown();

  Caps caps_;
};

}  // namespace probe
