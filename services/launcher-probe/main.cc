// launcher-probe: proves services/launcher's policy from the outside (see
// README.md). The same binary is also the child the probe launches: started
// under any other name than "launcher-probe", it runs child mode.
#include <string.h>

#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/launcher-probe/checks.h"

namespace {

// Child mode: granted exactly console and timer by the launcher, bound to a
// session. Says it started, then ticks until its session is logged out
// (every call of a bound process then fails staleSession) and exits 0.
// Exits 2 if that never happens within about 30 s.
int Child(caprt::Console console) {
  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  if (!timer.ok()) {
    console.Write("child: no timer grant\n");
    return 3;
  }
  console.Printf("child: started with console and timer (%u caps)\n", caprt::MyCapSet().count());
  for (int i = 0; i < 3000; ++i) {
    caprt::Status s = timer.value().Sleep(10ull * 1000 * 1000);
    if (s.error() == abi::Error::kStaleSession) return 0;
    if (!s.ok()) return 4;
  }
  return 2;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  const char* self = caprt::MyCapSet().header().name;
  if (strncmp(self, "launcher-probe", abi::kProcNameMax) != 0) return Child(console.value());

  probe::Caps caps;
  caprt::Result<caprt::Cap> found[] = {
      caprt::FindCap("console", caprt::iface::kConsole),
      caprt::FindCap("timer", caprt::iface::kTimer),
      caprt::FindCap("diagnostics", caprt::iface::kDiagnostics),
      caprt::FindCap("sessionAuthority", caprt::iface::kSessionAuthority),
      caprt::FindCap("launcher", capos::layout::RestrictedLauncher::kId),
      caprt::FindCap("launcherControl", capos::layout::LauncherControl::kId),
  };
  for (const auto& f : found) {
    if (!f.ok()) {
      console.value().Printf("FAIL grants: a required grant is missing (%s)\n",
                             caprt::ErrorName(f.error()));
      return 1;
    }
  }
  caps = {found[0].value(), found[1].value(), found[2].value(),
          found[3].value(), found[4].value(), found[5].value()};
  probe::Checks checks(console.value(), caps);
  checks.RunAll();
  return checks.Finish();
}
