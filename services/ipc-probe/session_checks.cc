// Issue 3 item 3 (session-bound invocation), probe side. ipc-client runs
// bound to a cell minted here and checks what it sees itself; the probe
// logs the cell out while the client has a call delivered to an Echo
// server ("hold") and another delivered to the probe ("ctl").
#include "layout/testing.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "schema/testing.capnp.h"
#include "services/ipc-probe/probe.h"

namespace ipcprobe {
namespace {

using caprt::ErrorName;
using E = capos::layout::Echo;
namespace S = capos::schema;

// ipc-client expects exactly these classes through a disclosing endpoint.
constexpr caprt::SessionClasses kClasses = {3, 2, 1};
alignas(16) uint8_t ctl_buf[1024];
alignas(16) uint8_t reply[256];

uint64_t PostRecv(const caprt::Cap& owner) {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::Sqe s = {};
  s.opcode = static_cast<uint8_t>(abi::Op::kRecv);
  s.slot = owner.slot;
  s.generation = owner.generation;
  s.user_data = ring.NextUserData();
  s.result_addr = reinterpret_cast<uint64_t>(ctl_buf);
  s.result_cap = sizeof(ctl_buf);
  return ring.Submit(s) ? s.user_data : 0;
}

void AfterLogout(Probe& p, const caprt::Cap& cell, const caprt::Cap& ctl_owner, uint64_t token,
                 EchoServer& disclosing, caprt::ProcessHandle& client) {
  caprt::Status out = caprt::LogoutSession(p.env.authority, cell);
  caprt::Result<bool> live = caprt::SessionLive(cell);
  p.Check("session-logout", out.ok() && live.ok() && !live.value(), "logout %s, live %s/%d",
          ErrorName(out.error()), ErrorName(live.error()), live.ok() && live.value());
  // A RETURN with bytes to the logged-out caller must be refused.
  static const uint8_t kBytes[16] = {1, 2, 3};
  caprt::Answer a;
  a.len = sizeof(kBytes);
  caprt::Status r = caprt::Return(ctl_owner, token, a, kBytes);
  p.Check("session-return-after-logout", r.error() == abi::Error::kStaleSession,
          "probe's RETURN to the logged-out client: %s", ErrorName(r.error()));
  // The logged-out client cannot print: its exit status carries one bit
  // per failed check (services/ipc-client/main.cc).
  caprt::Result<caprt::ExitInfo> w = client.Wait();
  int st = w.ok() && !w.value().killed && !w.value().faulted ? w.value().status : -1;
  p.Check("session-client-before-logout", st >= 0 && !(st & 1),
          "ipc-client: %s status %d (its FAIL lines say which)", ErrorName(w.error()), st);
  p.Check("session-client-ctl-stale", st >= 0 && !(st & 2),
          "the client's ctl call did not end staleSession (status %d)", st);
  p.Check("session-client-hold-stale-no-bytes-no-caps", st >= 0 && !(st & 4),
          "hold did not end staleSession with no bytes/caps and an untouched buffer (%d)", st);
  p.Check("session-client-call-after-logout", st >= 0 && !(st & 8),
          "the client's next call did not fail staleSession (status %d)", st);
  auto h = caprt::CallWith(disclosing.client, E::kLastHoldStatus, nullptr, 0, reply, sizeof(reply));
  int32_t status = 0;
  if (h.ok()) {
    caprt::DecodeRoot<S::Echo::LastHoldStatusResults>(
        reply, h.value().len,
        [&](S::Echo::LastHoldStatusResults::Reader x) { status = x.getStatus(); });
  }
  p.Check("session-hold-return-rejected",
          h.ok() && status == -static_cast<int32_t>(abi::Error::kStaleSession),
          "ipc-echo's RETURN of hold (bytes + a cap) after logout: %s / status %d",
          ErrorName(h.error()), status);
}

}  // namespace

void RunSessionChecks(Probe& p) {
  caprt::Result<caprt::Cap> cell = caprt::MintSession(p.env.authority, kClasses);
  if (!cell.ok()) return p.Fail("session-mint", "%s", ErrorName(cell.error()));
  p.Pass("session-mint");
  auto disclosing = StartEcho(p.env, "ipc-echo-disclose", true, 0);
  auto plain = StartEcho(p.env, "ipc-echo-plain", false, 0);
  auto ctl = caprt::CreateEndpoint(p.env.factory, E::kId, false);
  if (!disclosing.ok() || !plain.ok() || !ctl.ok()) {
    return p.Fail("session-setup", "echo %s, plain %s, ctl %s", ErrorName(disclosing.error()),
                  ErrorName(plain.error()), ErrorName(ctl.error()));
  }
  uint64_t recv = PostRecv(ctl.value().owner);
  caprt::SpawnGrant grants[] = {
      {"console", p.env.console.cap()},
      {"echo", disclosing.value().client},
      {"plain", plain.value().client},
      {"ctl", ctl.value().client},
  };
  caprt::Result<caprt::Spawned> child =
      p.env.spawner.Spawn("ipc-client", "ipc-client", grants, 4, 64, &cell.value());
  if (!child.ok()) return p.Fail("session-spawn-bound", "%s", ErrorName(child.error()));
  caprt::ProcessHandle client(child.value().handle);
  caprt::Result<abi::Cqe> got = WaitFor(recv, 20000ull * 1000 * 1000);
  auto* h = reinterpret_cast<const abi::RecvHeader*>(ctl_buf);
  if (!got.ok() || StatusOf(got.value()) != abi::Error::kOk) {
    p.Fail("session-ctl", "no call from ipc-client: %s", ErrorName(got.error()));
    client.Kill();
    client.Wait();
  } else {
    p.Check("session-ref-on-ctl", h->session_ref != 0 && !h->disclosed,
            "ctl (no disclose) saw sessionRef %llx disclosed %u",
            (unsigned long long)h->session_ref, h->disclosed);
    AfterLogout(p, cell.value(), ctl.value().owner, h->call_token, disclosing.value(), client);
  }
  caprt::Release(client.cap());
  StopEcho(disclosing.value());
  StopEcho(plain.value());
  caprt::Release(ctl.value().owner);
  caprt::Release(ctl.value().client);
  caprt::Release(cell.value());
}

}  // namespace ipcprobe
