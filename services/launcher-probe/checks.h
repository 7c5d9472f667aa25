// launcher-probe's checks: each launch denial leaves the kernel's process
// count unchanged; an allowed, session-bound launch adds exactly one process
// that exits 0 once its session is logged out.
#pragma once

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ring.h"
#include "services/launcher-probe/launch_client.h"

namespace probe {

struct Caps {
  caprt::Cap console, timer, diagnostics, authority, launcher, control;
};

class Checks {
 public:
  Checks(caprt::Console out, const Caps& caps) : out_(out), caps_(caps) {}
  // Runs every check; returns the number that failed.
  int RunAll();
  int passed() const { return passed_; }

 private:
  void Check(const char* name, bool ok, const char* fmt, ...) __attribute__((format(printf, 4, 5)));
  bool WaitForBaseline();
  uint32_t Processes();
  void ExpectDenied(const char* check, const LaunchArgs& args, uint16_t want_code);
  void AllowedLaunch();
  void Shutdown();

  caprt::Console out_;
  Caps caps_;
  int passed_ = 0;
  int failed_ = 0;
};

}  // namespace probe
