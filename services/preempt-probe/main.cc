// preempt-probe: scheduling is preemptive. It starts kSpinners copies of
// demo-exit named "spin" (a ring-3 loop with no syscall at all), then
// sleeps kTickMs and prints a tick, kTicks times, checking after every tick
// that each spinner is still running. On one CPU a spinner gives the CPU
// back only when the timer interrupt preempts it: without preemption the
// first sleep never returns and the scenario times out before `tick 1`.
// Proof by count, never by time: the elapsed time is printed, not judged.
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/clients/timer.h"
#include "services/lib/probe/harness.h"

namespace {

using caprt::ErrorName;

constexpr int kSpinners = 2;
constexpr int kTicks = 20;
constexpr uint64_t kMs = 1000 * 1000;
constexpr uint64_t kTickMs = 50;

harness::Harness checks;

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  caprt::Console out = console.value();
  checks = harness::Harness(out, "preempt-probe");
  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  caprt::Result<caprt::ProcessSpawner> spawner = caprt::ProcessSpawner::Find();
  if (!timer.ok() || !spawner.ok()) {
    checks.Fail("preempt-setup", "timer and processSpawner needed");
    return checks.Finish();
  }
  caprt::ProcessHandle spinners[kSpinners];
  int started = 0;
  for (int i = 0; i < kSpinners; ++i) {
    caprt::SpawnGrant g[] = {{"out", out.cap()}};
    caprt::Result<caprt::Spawned> s = spawner.value().Spawn("spin", "demo-exit", g, 1, 16);
    if (!s.ok()) {
      checks.Fail("preempt-spawn-spinners", "spinner %d: %s", i, ErrorName(s.error()));
      break;
    }
    spinners[started++] = caprt::ProcessHandle(s.value().handle);
  }
  if (started == kSpinners) checks.Pass("preempt-spawn-spinners");

  // Each spinner says "spinning until killed" before its loop; the scenario
  // wants both lines before tick 1.
  timer.value().Sleep(200 * kMs);
  caprt::Result<uint64_t> t0 = timer.value().Now();
  int ticks = 0;
  int spinning_at_every_tick = 0;
  for (int k = 1; k <= kTicks; ++k) {
    if (!timer.value().Sleep(kTickMs * kMs).ok()) break;
    ++ticks;
    int running = 0;
    for (int i = 0; i < started; ++i) {
      caprt::Result<bool> r = spinners[i].Running();
      running += r.ok() && r.value() ? 1 : 0;
    }
    if (running == kSpinners) ++spinning_at_every_tick;
    out.Printf("tick %d (%d spinners running)\n", k, running);
  }
  caprt::Result<uint64_t> t1 = timer.value().Now();
  checks.Check("preempt-ticks-while-spinning", ticks == kTicks && spinning_at_every_tick == kTicks,
               "%d of %d ticks, %d of them with all %d spinners running", ticks, kTicks,
               spinning_at_every_tick, kSpinners);
  if (t0.ok() && t1.ok()) {
    out.Printf("preempt-probe: %d ticks of %llu ms took %llu ms (nominal %llu ms)\n", ticks,
               (unsigned long long)kTickMs, (unsigned long long)((t1.value() - t0.value()) / kMs),
               (unsigned long long)(kTicks * kTickMs));
  }

  int killed = 0;
  for (int i = 0; i < started; ++i) {
    spinners[i].Kill();
    caprt::Result<caprt::ExitInfo> w = spinners[i].Wait();
    killed += w.ok() && w.value().killed ? 1 : 0;
    caprt::Release(spinners[i].cap());
  }
  checks.Check("preempt-spinners-killed", killed == kSpinners, "%d of %d reported killed", killed,
               kSpinners);
  return checks.Finish();
}
