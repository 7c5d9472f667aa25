// Issue 3 item 2 (process authority: named grants, exit status, fault,
// kill) and item 4 (entropy).
#include <string.h>

#include "libcaprt/runtime/clients/kernel_caps.h"
#include "services/ipc-probe/probe.h"

namespace ipcprobe {
namespace {

using caprt::ErrorName;

// Spawns demo-exit as `name` (grants as given), waits for it unless `kill`.
caprt::Result<caprt::ExitInfo> RunChild(Probe& p, const char* name, const caprt::SpawnGrant* g,
                                        size_t n, bool kill, bool* was_running) {
  caprt::Result<caprt::Spawned> c = p.env.spawner.Spawn(name, "demo-exit", g, n, 16);
  if (!c.ok()) return c.error();
  caprt::ProcessHandle h(c.value().handle);
  if (kill) {
    p.env.timer.Sleep(50ull * 1000 * 1000);
    caprt::Result<bool> r = h.Running();
    *was_running = r.ok() && r.value();
    caprt::Status k = h.Kill();
    if (!k.ok()) return k.error();
  }
  caprt::Result<caprt::ExitInfo> w = h.Wait();
  caprt::Release(h.cap());
  return w;
}

void Info(Probe& p, const char* check, const caprt::Result<caprt::ExitInfo>& w, bool ok) {
  p.Check(check, w.ok() && ok, "%s: status %d killed %d faulted %d", ErrorName(w.error()),
          w.ok() ? w.value().status : 0, w.ok() && w.value().killed, w.ok() && w.value().faulted);
}

}  // namespace

void RunProcessChecks(Probe& p) {
  caprt::SpawnGrant out[] = {{"out", p.env.console.cap()}};
  bool running = false;
  auto seven = RunChild(p, "exit-7", out, 1, false, &running);
  Info(p, "process-exit-status", seven,
       seven.ok() && seven.value().status == 7 && !seven.value().killed && !seven.value().faulted);
  auto fault = RunChild(p, "fault", nullptr, 0, false, &running);
  Info(p, "process-faulted", fault,
       fault.ok() && fault.value().faulted && !fault.value().killed &&
           fault.value().status == -1000 - 14);
  auto hang = RunChild(p, "hang", out, 1, true, &running);
  Info(p, "process-killed", hang,
       running && hang.ok() && hang.value().killed && hang.value().status == -9);
  caprt::Result<caprt::Spawned> none =
      p.env.spawner.Spawn("nothing", "no-such-binary", nullptr, 0, 16);
  p.Check("process-unknown-binary", none.error() == abi::Error::kNotFound, "spawn: %s",
          ErrorName(none.error()));

  uint8_t a[32] = {}, b[32] = {};
  caprt::Status ra = caprt::RandomBytes(p.env.entropy, a, sizeof(a));
  caprt::Status rb = caprt::RandomBytes(p.env.entropy, b, sizeof(b));
  bool nonzero = false;
  for (uint8_t x : a) nonzero |= x != 0;
  p.Check("entropy-random-bytes", ra.ok() && rb.ok() && nonzero && memcmp(a, b, 32) != 0,
          "reads %s/%s, nonzero %d, differ %d", ErrorName(ra.error()), ErrorName(rb.error()),
          nonzero, memcmp(a, b, 32) != 0);
}

}  // namespace ipcprobe
