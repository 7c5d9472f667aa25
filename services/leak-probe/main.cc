// leak-probe: releasing on exit is complete. Baseline kernel stats, then
// kCycles spawn/wait/release cycles of demo-exit and kCalls echo calls to
// an ipc-echo it starts and kills, then stats again: processes, objects
// and kernelAllocations must be back at the baseline exactly. freeFrames
// may legitimately end lower if the kernel heap kept frames it grew into,
// so a second identical round must not lower it any further.
#include "layout/testing.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "services/lib/probe/harness.h"

namespace {

using caprt::Cap;
using caprt::ErrorName;
using E = capos::layout::Echo;

constexpr int kCycles = 1000;
constexpr int kCalls = 10000;
caprt::Console out;
harness::Harness checks;  // services/lib/probe: PASS/FAIL lines and the summary
alignas(16) uint8_t reply[64];

struct Caps {
  Cap timer, factory, diagnostics;
  caprt::ProcessSpawner spawner;
};

bool Spawns(Caps& c) {
  for (int i = 0; i < kCycles; ++i) {
    caprt::Result<caprt::Spawned> s = c.spawner.Spawn("exit-0", "demo-exit", nullptr, 0, 16);
    if (!s.ok()) {
      checks.Fail("leak-spawn", "cycle %d: %s", i, ErrorName(s.error()));
      return false;
    }
    caprt::ProcessHandle h(s.value().handle);
    caprt::Result<caprt::ExitInfo> w = h.Wait();
    caprt::Release(h.cap());
    if (!w.ok() || w.value().status != 0) {
      checks.Fail("leak-spawn", "cycle %d: wait %s status %d", i, ErrorName(w.error()),
                  w.ok() ? w.value().status : 0);
      return false;
    }
  }
  return true;
}

bool Calls(Caps& c) {
  caprt::Result<caprt::EndpointPair> ep = caprt::CreateEndpoint(c.factory, E::kId, false);
  if (!ep.ok()) {
    checks.Fail("leak-calls", "endpoint: %s", ErrorName(ep.error()));
    return false;
  }
  caprt::SpawnGrant g[] = {{"console", out.cap()}, {"timer", c.timer}, {"echo", ep.value().owner}};
  caprt::Result<caprt::Spawned> s = c.spawner.Spawn("ipc-echo", "ipc-echo", g, 3, 64);
  caprt::Release(ep.value().owner);
  bool ok = s.ok();
  if (!ok) checks.Fail("leak-calls", "spawn ipc-echo: %s", ErrorName(s.error()));
  for (int i = 0; ok && i < kCalls; ++i) {
    auto r = caprt::CallWith(ep.value().client, E::kEcho, nullptr, 0, reply, sizeof(reply));
    if (!r.ok()) {
      checks.Fail("leak-calls", "call %d: %s", i, ErrorName(r.error()));
      ok = false;
    }
  }
  if (s.ok()) {
    caprt::ProcessHandle h(s.value().handle);
    h.Kill();
    caprt::Result<caprt::ExitInfo> w = h.Wait();
    if (!w.ok() || !w.value().killed) {
      checks.Fail("leak-calls", "ipc-echo not reported killed (wait %s)", ErrorName(w.error()));
      ok = false;
    }
    caprt::Release(h.cap());
  }
  caprt::Release(ep.value().client);
  return ok;
}

void Print(const char* what, const caprt::KernelStats& s) {
  out.Printf(
      "leak %s: processes %u objects %u freeFrames %llu kernelAllocations %llu "
      "liveSessions %u\n",
      what, s.processes, s.objects, (unsigned long long)s.free_frames,
      (unsigned long long)s.kernel_allocations, s.live_sessions);
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  out = console.value();
  checks = harness::Harness(out, "leak-probe");
  auto timer = caprt::FindCap("timer", caprt::iface::kTimer);
  auto factory = caprt::FindCap("endpointFactory", caprt::iface::kEndpointFactory);
  auto diag = caprt::FindCap("diagnostics", caprt::iface::kDiagnostics);
  auto spawner = caprt::ProcessSpawner::Find();
  if (!timer.ok() || !factory.ok() || !diag.ok() || !spawner.ok()) {
    out.Write("FAIL leak-setup: timer, endpointFactory, diagnostics, processSpawner needed\n");
    return 1;
  }
  Caps c{timer.value(), factory.value(), diag.value(), spawner.value()};
  // The baseline is the quiet system: init and the stand-by entries of the
  // manifest must have exited first (at most ~5 s).
  caprt::Result<caprt::KernelStats> base = caprt::Stats(c.diagnostics);
  for (int i = 0; i < 500 && base.ok() && base.value().processes > 1; ++i) {
    caprt::Timer(c.timer).Sleep(10ull * 1000 * 1000);
    base = caprt::Stats(c.diagnostics);
  }
  if (!base.ok()) {
    checks.Fail("leak-stats", "baseline: %s", ErrorName(base.error()));
    return checks.Finish();
  }
  Print("baseline", base.value());
  if (!Spawns(c) || !Calls(c)) return checks.Finish();
  caprt::Result<caprt::KernelStats> one = caprt::Stats(c.diagnostics);
  if (!one.ok()) {
    checks.Fail("leak-stats", "round 1: %s", ErrorName(one.error()));
    return checks.Finish();
  }
  Print("after round 1", one.value());
  if (!Spawns(c) || !Calls(c)) return checks.Finish();
  caprt::Result<caprt::KernelStats> two = caprt::Stats(c.diagnostics);
  if (!two.ok()) {
    checks.Fail("leak-stats", "round 2: %s", ErrorName(two.error()));
    return checks.Finish();
  }
  Print("after round 2", two.value());
  const caprt::KernelStats& b = base.value();
  const caprt::KernelStats& x = one.value();
  const caprt::KernelStats& y = two.value();
  // The reasons are the stats lines printed above.
  auto check = [&](const char* name, bool ok) { checks.Check(name, ok, "see the leak lines"); };
  check("leak-processes", x.processes == b.processes && y.processes == b.processes);
  check("leak-objects", x.objects == b.objects && y.objects == b.objects);
  check("leak-kernel-allocations", x.kernel_allocations == b.kernel_allocations &&
                                       y.kernel_allocations == b.kernel_allocations);
  check("leak-sessions", x.live_sessions == b.live_sessions && y.live_sessions == b.live_sessions);
  out.Printf(
      "leak freeFrames: baseline %llu, round 1 %llu (delta %lld), round 2 %llu (delta %lld)\n",
      (unsigned long long)b.free_frames, (unsigned long long)x.free_frames,
      (long long)x.free_frames - (long long)b.free_frames, (unsigned long long)y.free_frames,
      (long long)y.free_frames - (long long)x.free_frames);
  // The kernel heap carves size classes from frames and keeps them on its
  // free lists, so round 1 may end a few frames lower (with every
  // allocation freed, see above); round 2 reuses them and must not.
  check("leak-free-frames", y.free_frames >= x.free_frames && b.free_frames - x.free_frames < 8);
  out.Printf("leak freeFrames kept by round 1: %lld (kernel heap free lists), by round 2: %lld\n",
             (long long)b.free_frames - (long long)x.free_frames,
             (long long)x.free_frames - (long long)y.free_frames);
  out.Printf("leak-probe: %d cycles, %d calls per round, 2 rounds\n", kCycles, kCalls);
  return checks.Finish();
}
