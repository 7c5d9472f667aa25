#include "services/launcher-probe/checks.h"

#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ipc.h"
#include "services/launcher-probe/launch_client.h"

namespace probe {
namespace {

// RestrictedLauncher.DenialCode (schema/launcher.capnp).
enum Code : uint16_t {
  kUnknownProfile = 0,
  kDisallowedBinary = 1,
  kMissingGrant = 2,
  kUnexpectedGrant = 3,
  kWrongInterface = 4,
  kStaleSession = 5,
  kMalformedRequest = 7,
  kQuotaExceeded = 8,
};

constexpr const char* kProfile = "probe-worker";
constexpr const char* kLimitedProfile = "probe-limited";  // maxInstances: 1
constexpr const char* kBinary = "launcher-probe";         // child mode, see main.cc

}  // namespace

uint32_t Checks::Processes() {
  caprt::Result<caprt::KernelStats> s = caprt::Stats(caps_.diagnostics);
  return s.ok() ? s.value().processes : 0xffffffffu;
}

// init exits after starting everyone; counts are only comparable once it
// has, i.e. when just the launcher and this probe are left.
bool Checks::WaitForBaseline() {
  caprt::Timer timer(caps_.timer);
  for (int i = 0; i < 1000; ++i) {
    if (Processes() == 2) return true;
    timer.Sleep(10ull * 1000 * 1000);
  }
  return false;
}

void Checks::ExpectDenied(const char* check, const LaunchArgs& args, uint16_t want) {
  uint32_t before = Processes();
  LaunchReply r = Launch(caps_.launcher, args);
  uint32_t after = Processes();
  if (r.transport != abi::Error::kOk) {
    return Fail(check, "transport error %s", caprt::ErrorName(r.transport));
  }
  if (r.launched) {
    caprt::ProcessHandle(r.handle).Kill();
    caprt::Release(r.handle);
    return Fail(check, "launched pid %u", r.pid);
  }
  Check(check, r.code == want && before == after && before != 0xffffffffu,
        "code %u (want %u), processes %u -> %u, message '%s'", r.code, want, before, after,
        r.message);
  if (r.code == want) out().Printf("  denial: %s\n", r.message);
}

void Checks::AllowedLaunch() {
  caprt::Result<caprt::Cap> cell = caprt::MintSession(caps_.authority, {2, 1, 3});
  if (!cell.ok()) return Fail("allowed-launch", "mint: %s", caprt::ErrorName(cell.error()));
  GrantArg grants[] = {{"console", caps_.console}, {"timer", caps_.timer}};
  LaunchArgs a{kProfile, kBinary, "probe-child", grants, 2, &cell.value()};
  uint32_t before = Processes();
  LaunchReply r = Launch(caps_.launcher, a);
  uint32_t during = Processes();
  Check("allowed-launch", r.transport == abi::Error::kOk && r.launched && r.pid != 0,
        "transport %s, launched %d, denial %u '%s'", caprt::ErrorName(r.transport), r.launched,
        r.code, r.message);
  if (!r.launched) return;
  Check("allowed-launch-count", during == before + 1, "processes %u -> %u", before, during);
  caprt::ProcessHandle handle(r.handle);
  caprt::Result<bool> running = handle.Running();
  Check("allowed-launch-running", running.ok() && running.value(), "running: %s",
        running.ok() ? "false" : caprt::ErrorName(running.error()));
  EndChild("logout-child-session", "allowed-launch-exit-0", cell.value(), r.handle);
  uint32_t after = Processes();
  Check("allowed-launch-count-after-exit", after == before, "processes %u -> %u", before, after);
  caprt::Release(r.handle);
  caprt::Release(cell.value());
}

// Gives the child time to print its start line (not required: its exit
// status is the proof), then ends it by logging its session out: its next
// call fails staleSession and it exits 0.
void Checks::EndChild(const char* logout_check, const char* exit_check, const caprt::Cap& cell,
                      const caprt::Cap& handle) {
  caprt::Timer(caps_.timer).Sleep(100ull * 1000 * 1000);
  caprt::Status out = caprt::LogoutSession(caps_.authority, cell);
  Check(logout_check, out.ok(), "%s", caprt::ErrorName(out.error()));
  caprt::Result<caprt::ExitInfo> info = caprt::ProcessHandle(handle).Wait();
  Check(exit_check,
        info.ok() && info.value().status == 0 && !info.value().killed && !info.value().faulted,
        "wait: %s status %d killed %d faulted %d", caprt::ErrorName(info.error()),
        info.value().status, info.value().killed, info.value().faulted);
}

// probe-limited allows one running child. While one runs a second launch is
// quotaExceeded with no process created; once it has exited, the launcher
// (which kept a copy of its handle) sees that and allows the next.
void Checks::QuotaLaunches() {
  GrantArg grants[] = {{"console", caps_.console}, {"timer", caps_.timer}};
  for (int round = 0; round < 2; ++round) {
    const char* launch_check = round == 0 ? "quota-first-launch" : "quota-launch-after-exit";
    caprt::Result<caprt::Cap> cell = caprt::MintSession(caps_.authority, {2, 1, 3});
    if (!cell.ok()) return Fail(launch_check, "mint: %s", caprt::ErrorName(cell.error()));
    LaunchReply r =
        Launch(caps_.launcher, {kLimitedProfile, kBinary, "quota-child", grants, 2, &cell.value()});
    Check(launch_check, r.transport == abi::Error::kOk && r.launched,
          "transport %s, launched %d, denial %u '%s'", caprt::ErrorName(r.transport), r.launched,
          r.code, r.message);
    if (!r.launched) {
      caprt::Release(cell.value());
      return;
    }
    if (round == 0) {
      ExpectDenied("deny-quota-exceeded", {kLimitedProfile, kBinary, "x", grants, 2},
                   kQuotaExceeded);
    }
    EndChild(round == 0 ? "quota-logout-first" : "quota-logout-second",
             round == 0 ? "quota-first-exit-0" : "quota-second-exit-0", cell.value(), r.handle);
    caprt::Release(r.handle);
    caprt::Release(cell.value());
  }
}

void Checks::Shutdown() {
  alignas(8) uint64_t reply[8];
  caprt::CallOptions o;
  o.timeout_ms = 10000;
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(caps_.control, capos::layout::LauncherControl::kShutdown, nullptr, 0, reply,
                      sizeof(reply), o);
  Check("launcher-shutdown", r.ok(), "%s", caprt::ErrorName(r.error()));
  // The launcher held the last owner facet: later calls fail disconnected.
  GrantArg grants[] = {{"console", caps_.console}, {"timer", caps_.timer}};
  LaunchReply late = Launch(caps_.launcher, {kProfile, kBinary, "late", grants, 2});
  Check("launch-after-shutdown-disconnected", late.transport == abi::Error::kDisconnected,
        "transport %s, launched %d", caprt::ErrorName(late.transport), late.launched);
}

int Checks::RunAll() {
  Check("baseline", WaitForBaseline(), "process count never settled at 2 (now %u)", Processes());
  const caprt::Cap& con = caps_.console;
  const caprt::Cap& tim = caps_.timer;
  GrantArg exact[] = {{"console", con}, {"timer", tim}};
  ExpectDenied("deny-disallowed-binary", {kProfile, "init", "x", exact, 2}, kDisallowedBinary);
  ExpectDenied("deny-unknown-profile", {"no-such-profile", kBinary, "x", exact, 2},
               kUnknownProfile);
  ExpectDenied("deny-missing-grant", {kProfile, kBinary, "x", exact, 1}, kMissingGrant);
  GrantArg extra[] = {{"console", con}, {"timer", tim}, {"diagnostics", caps_.diagnostics}};
  ExpectDenied("deny-extra-grant", {kProfile, kBinary, "x", extra, 3}, kUnexpectedGrant);
  GrantArg twice[] = {{"console", con}, {"timer", tim}, {"timer", tim}};
  ExpectDenied("deny-grant-twice", {kProfile, kBinary, "x", twice, 3}, kUnexpectedGrant);
  GrantArg wrong[] = {{"console", tim}, {"timer", tim}};
  ExpectDenied("deny-wrong-interface", {kProfile, kBinary, "x", wrong, 2}, kWrongInterface);
  LaunchArgs not_session{kProfile, kBinary, "x", exact, 2, nullptr, &con};
  ExpectDenied("deny-session-wrong-interface", not_session, kWrongInterface);
  GrantArg bad_index[] = {{"console", con}, {"timer", tim, 9}};
  ExpectDenied("deny-bad-cap-index", {kProfile, kBinary, "x", bad_index, 2}, kMalformedRequest);
  ExpectDenied("deny-bad-child-name", {kProfile, kBinary, "[init] x", exact, 2}, kMalformedRequest);
  caprt::Result<caprt::Cap> stale = caprt::MintSession(caps_.authority, {2, 1, 3});
  if (stale.ok() && caprt::LogoutSession(caps_.authority, stale.value()).ok()) {
    ExpectDenied("deny-stale-session", {kProfile, kBinary, "x", exact, 2, &stale.value()},
                 kStaleSession);
    caprt::Release(stale.value());
  } else {
    Check("deny-stale-session", false, "could not mint and log out a session");
  }
  AllowedLaunch();
  QuotaLaunches();
  Shutdown();
  return failed();
}

}  // namespace probe
