// Issue 3 item 1, bounds and failures: busy, cancel, timeout, disconnected
// (owner dropped, server killed mid-call).
#include "layout/testing.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "schema/testing.capnp.h"
#include "services/ipc-probe/probe.h"

namespace ipcprobe {
namespace {

using caprt::ErrorName;
using E = capos::layout::Echo;
namespace S = capos::schema;

constexpr uint32_t kQueued = 32;  // kobj::Endpoint::kMaxQueued
alignas(16) uint8_t replies[kQueued + 1][64];

void BusyAndCancel(Probe& p, const caprt::EndpointPair& idle) {
  uint64_t ud[kQueued + 1];
  for (uint32_t i = 0; i <= kQueued; ++i) {
    ud[i] = SubmitCall(idle.client, E::kEcho, nullptr, 0, replies[i], sizeof(replies[i]));
  }
  caprt::Result<abi::Cqe> last = WaitFor(ud[kQueued]);
  caprt::Ring& ring = caprt::DefaultRing();
  bool none_early = ring.stashed() == 0 && ring.CqReady() == 0;
  p.Check("bounds-busy-33rd",
          last.ok() && StatusOf(last.value()) == abi::Error::kBusy && none_early,
          "33rd call: %s / %s; other CQEs early: %u", ErrorName(last.error()),
          last.ok() ? ErrorName(StatusOf(last.value())) : "-", ring.stashed() + ring.CqReady());
  uint32_t cancelled = 0;
  for (uint32_t i = 0; i < kQueued; ++i) {
    caprt::Result<abi::Cqe> c = WaitFor(SubmitCancel(ud[i]));
    caprt::Result<abi::Cqe> call = WaitFor(ud[i]);
    if (c.ok() && StatusOf(c.value()) == abi::Error::kOk && call.ok() &&
        StatusOf(call.value()) == abi::Error::kCancelled) {
      ++cancelled;
    } else if (cancelled == i) {
      p.Fail("bounds-cancel", "call %u: cancel %s/%s, call %s/%s", i, ErrorName(c.error()),
             c.ok() ? ErrorName(StatusOf(c.value())) : "-", ErrorName(call.error()),
             call.ok() ? ErrorName(StatusOf(call.value())) : "-");
    }
  }
  if (cancelled == kQueued) p.Pass("bounds-cancel-32");
  caprt::Result<abi::Cqe> none = WaitFor(SubmitCancel(ud[0]));
  p.Check("bounds-cancel-unknown", none.ok() && StatusOf(none.value()) == abi::Error::kNotFound,
          "second cancel of one call: %s / %s", ErrorName(none.error()),
          none.ok() ? ErrorName(StatusOf(none.value())) : "-");
}

void Timeout(Probe& p, const caprt::EndpointPair& idle) {
  caprt::Result<uint64_t> t0 = p.env.timer.Now();
  uint64_t ud = SubmitCall(idle.client, E::kEcho, nullptr, 0, replies[0], 64, 50);
  caprt::Result<abi::Cqe> c = WaitFor(ud);
  caprt::Result<uint64_t> t1 = p.env.timer.Now();
  uint64_t ms = t0.ok() && t1.ok() ? (t1.value() - t0.value()) / 1000000 : 0;
  p.Check("bounds-timeout", c.ok() && StatusOf(c.value()) == abi::Error::kTimedOut && ms >= 50,
          "call with timeout_ms 50: %s / %s after %llu ms", ErrorName(c.error()),
          c.ok() ? ErrorName(StatusOf(c.value())) : "-", (unsigned long long)ms);
}

void OwnerDropped(Probe& p) {
  auto ep = caprt::CreateEndpoint(p.env.factory, E::kId, false);
  if (!ep.ok()) return p.Fail("bounds-owner-dropped", "endpoint: %s", ErrorName(ep.error()));
  uint64_t ud = SubmitCall(ep.value().client, E::kEcho, nullptr, 0, replies[0], 64);
  caprt::DefaultRing().Enter(0, 0);  // the call is queued before the owner goes
  caprt::Status rel = caprt::Release(ep.value().owner);
  caprt::Result<abi::Cqe> pending = WaitFor(ud);
  auto fresh = caprt::CallWith(ep.value().client, E::kEcho, nullptr, 0, replies[1], 64);
  p.Check("bounds-owner-dropped",
          rel.ok() && pending.ok() && StatusOf(pending.value()) == abi::Error::kDisconnected &&
              fresh.error() == abi::Error::kDisconnected,
          "release %s; pending call %s; new call %s", ErrorName(rel.error()),
          pending.ok() ? ErrorName(StatusOf(pending.value())) : ErrorName(pending.error()),
          ErrorName(fresh.error()));
  caprt::Release(ep.value().client);
}

void ServerKilled(Probe& p) {
  caprt::Result<EchoServer> s = StartEcho(p.env, "ipc-echo-victim", false, 0);
  if (!s.ok()) return p.Fail("bounds-server-killed", "start: %s", ErrorName(s.error()));
  capnp::MallocMessageBuilder b;
  b.initRoot<S::Echo::HoldParams>().setMs(60000);
  alignas(8) static uint8_t params[64];
  caprt::Result<size_t> n = caprt::SerializeTo(b, params, sizeof(params));
  uint64_t ud =
      SubmitCall(s.value().client, E::kHold, params, n.ok() ? n.value() : 0, replies[0], 64);
  caprt::DefaultRing().Enter(0, 0);
  p.env.timer.Sleep(300ull * 1000 * 1000);  // let the server take the call and sleep in it
  caprt::Result<bool> running = s.value().handle.Running();
  bool in_progress = caprt::DefaultRing().CqReady() == 0 && caprt::DefaultRing().stashed() == 0;
  caprt::Status k = s.value().handle.Kill();
  caprt::Result<abi::Cqe> c = WaitFor(ud);
  caprt::Result<caprt::ExitInfo> w = s.value().handle.Wait();
  p.Check("bounds-server-killed",
          running.ok() && running.value() && in_progress && k.ok() && c.ok() &&
              StatusOf(c.value()) == abi::Error::kDisconnected,
          "running %d, call in progress %d, kill %s, call %s", running.ok() && running.value(),
          in_progress, ErrorName(k.error()),
          c.ok() ? ErrorName(StatusOf(c.value())) : ErrorName(c.error()));
  p.Check("process-killed-server", w.ok() && w.value().killed && w.value().status == -9,
          "wait %s killed %d status %d", ErrorName(w.error()), w.ok() && w.value().killed,
          w.ok() ? w.value().status : 0);
  caprt::Release(s.value().handle.cap());
  caprt::Release(s.value().client);
}

// The server that took a call dies while another process still holds an
// owner facet: the endpoint lives on, but that call can only be answered by
// the dead server, so it completes disconnected instead of hanging.
void ServerKilledOtherOwnerLives(Probe& p) {
  caprt::Cap owner;
  caprt::Result<EchoServer> s = StartEcho(p.env, "ipc-echo-victim2", false, 0, &owner);
  if (!s.ok()) return p.Fail("bounds-server-killed-owner-lives", "start: %s", ErrorName(s.error()));
  capnp::MallocMessageBuilder b;
  b.initRoot<S::Echo::HoldParams>().setMs(60000);
  alignas(8) static uint8_t params[64];
  caprt::Result<size_t> n = caprt::SerializeTo(b, params, sizeof(params));
  uint64_t ud =
      SubmitCall(s.value().client, E::kHold, params, n.ok() ? n.value() : 0, replies[0], 64);
  caprt::DefaultRing().Enter(0, 0);
  p.env.timer.Sleep(300ull * 1000 * 1000);  // the server takes the call and sleeps in it
  caprt::Status k = s.value().handle.Kill();
  caprt::Result<abi::Cqe> c = WaitFor(ud);
  caprt::Result<caprt::ExitInfo> w = s.value().handle.Wait();
  p.Check("bounds-server-killed-owner-lives",
          k.ok() && w.ok() && c.ok() && StatusOf(c.value()) == abi::Error::kDisconnected,
          "kill %s, call %s", ErrorName(k.error()),
          c.ok() ? ErrorName(StatusOf(c.value())) : ErrorName(c.error()));
  caprt::Release(s.value().handle.cap());
  caprt::Release(s.value().client);
  caprt::Release(owner);
}

}  // namespace

void RunBoundsChecks(Probe& p) {
  auto idle = caprt::CreateEndpoint(p.env.factory, E::kId, false);
  if (!idle.ok()) return p.Fail("bounds-endpoint", "%s", ErrorName(idle.error()));
  BusyAndCancel(p, idle.value());
  Timeout(p, idle.value());
  caprt::Release(idle.value().client);
  caprt::Release(idle.value().owner);
  OwnerDropped(p);
  ServerKilled(p);
  ServerKilledOtherOwnerLives(p);
}

}  // namespace ipcprobe
