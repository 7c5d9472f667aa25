// ipc-probe: proves the kernel IPC of issue 3 in the guest with real
// processes: endpoints, cap transfer, bounds and failures, process
// authority, session-bound invocation and entropy. Started as "ipc-bench"
// it runs the endpoint round-trip benchmark instead.
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/ipc-probe/probe.h"

namespace {

caprt::Result<caprt::Cap> Need(caprt::Console& c, const char* name, uint64_t iid) {
  caprt::Result<caprt::Cap> cap = caprt::FindCap(name, iid);
  if (!cap.ok()) c.Printf("FAIL setup: grant %s: %s\n", name, caprt::ErrorName(cap.error()));
  return cap;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  caprt::Console& c = console.value();
  auto timer = Need(c, "timer", caprt::iface::kTimer);
  auto spawner = Need(c, "processSpawner", caprt::iface::kProcessSpawner);
  auto factory = Need(c, "endpointFactory", caprt::iface::kEndpointFactory);
  if (!timer.ok() || !spawner.ok() || !factory.ok()) return 1;
  ipcprobe::Env env{
      c, caprt::Timer(timer.value()), caprt::ProcessSpawner(spawner.value()), factory.value(), {},
      {}};
  if (strncmp(caprt::MyCapSet().header().name, "ipc-bench", abi::kProcNameMax) == 0) {
    return ipcprobe::RunBench(env);
  }
  auto authority = Need(c, "sessionAuthority", caprt::iface::kSessionAuthority);
  auto entropy = Need(c, "entropy", caprt::iface::kEntropySource);
  if (!authority.ok() || !entropy.ok()) return 1;
  env.authority = authority.value();
  env.entropy = entropy.value();
  static ipcprobe::Probe p(env);
  ipcprobe::RunEndpointChecks(p);
  ipcprobe::RunTransferChecks(p);
  ipcprobe::RunBoundsChecks(p);
  ipcprobe::RunProcessChecks(p);
  ipcprobe::RunSessionChecks(p);
  return p.Finish();
}
