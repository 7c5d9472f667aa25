// Issue 3 item 1 (endpoints) and the cap-transfer half of item 1.
#include <string.h>

#include "layout/testing.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"
#include "schema/testing.capnp.h"
#include "services/ipc-probe/probe.h"

namespace ipcprobe {
namespace {

using caprt::Cap;
using caprt::ErrorName;
using E = capos::layout::Echo;
namespace S = capos::schema;

constexpr uint64_t kBadge = 0xb0b5eed;
alignas(16) uint8_t reply[4096];

EchoServer echo;

void EchoRoundTrip(Probe& p) {
  static const char kMsg[] = "round trip through ipc-echo";
  auto r = CallBuilt<S::Echo::EchoParams>(
      echo.client, E::kEcho,
      [](S::Echo::EchoParams::Builder b) {
        b.setData(capnp::Data::Reader(reinterpret_cast<const uint8_t*>(kMsg), sizeof(kMsg)));
      },
      reply, sizeof(reply));
  if (!r.ok()) return p.Fail("endpoint-roundtrip", "echo: %s", ErrorName(r.error()));
  bool same = false;
  caprt::Status s = caprt::DecodeRoot<S::Echo::EchoResults>(
      reply, r.value().len, [&](S::Echo::EchoResults::Reader res) {
        auto d = res.getData();
        same = d.size() == sizeof(kMsg) && memcmp(d.begin(), kMsg, sizeof(kMsg)) == 0;
      });
  p.Check("endpoint-roundtrip", s.ok() && same, "reply %u bytes, decode %s, same=%d", r.value().len,
          ErrorName(s.error()), same);
}

void RecvHeader(Probe& p) {
  auto r = caprt::CallWith(echo.client, E::kWhoami, nullptr, 0, reply, sizeof(reply));
  if (!r.ok()) return p.Fail("endpoint-recv-header", "whoami: %s", ErrorName(r.error()));
  uint64_t iid = 0, badge = 0, sref = 1;
  uint16_t method = 0;
  bool disclosed = true;
  caprt::Status s = caprt::DecodeRoot<S::Echo::WhoamiResults>(
      reply, r.value().len, [&](S::Echo::WhoamiResults::Reader w) {
        iid = w.getInterfaceId();
        method = w.getMethod();
        badge = w.getBadge();
        sref = w.getSessionRef();
        disclosed = w.getDisclosed();
      });
  p.Check(
      "endpoint-recv-header",
      s.ok() && iid == E::kId && method == E::kWhoami && badge == kBadge && sref == 0 && !disclosed,
      "iid %llx method %u badge %llx sessionRef %llx disclosed %d", (unsigned long long)iid, method,
      (unsigned long long)badge, (unsigned long long)sref, disclosed);
}

void UnknownMethod(Probe& p) {
  auto r = caprt::CallWith(echo.client, kUnknownMethod, nullptr, 0, reply, sizeof(reply));
  p.Check("endpoint-bad-method", r.error() == abi::Error::kBadMethod,
          "method %u answered %s, want badMethod", kUnknownMethod, ErrorName(r.error()));
}

// A call bigger than the server's RECV buffer fails with badLength and the
// server keeps serving (one oversized call must not wedge an endpoint).
void OversizedCall(Probe& p) {
  static uint8_t big[24 * 1024];  // caprt::Server receives into 16 KiB
  memset(big, 0x5a, sizeof(big));
  auto r = caprt::CallWith(echo.client, E::kEcho, big, sizeof(big), reply, sizeof(reply));
  p.Check("endpoint-oversized-call", r.error() == abi::Error::kBadLength, "got %s, want badLength",
          ErrorName(r.error()));
  auto again = caprt::CallWith(echo.client, E::kWhoami, nullptr, 0, reply, sizeof(reply));
  p.Check("endpoint-serves-after-oversized", again.ok(), "whoami: %s", ErrorName(again.error()));
}

void CopyTimer(Probe& p) {
  abi::CapTransfer t = caprt::Send(p.env.timer.cap());
  caprt::CallOptions o;
  o.caps = &t;
  o.caps_count = 1;
  auto r = CallBuilt<S::Echo::UseTimerParams>(
      echo.client, E::kUseTimer, [](S::Echo::UseTimerParams::Builder b) { b.setTimerCap(0); },
      reply, sizeof(reply), o);
  uint64_t ns = 0;
  if (r.ok()) {
    caprt::DecodeRoot<S::Echo::UseTimerResults>(
        reply, r.value().len, [&](S::Echo::UseTimerResults::Reader x) { ns = x.getNs(); });
  }
  caprt::Result<uint64_t> mine = p.env.timer.Now();
  p.Check("transfer-copy", r.ok() && ns > 0 && mine.ok() && mine.value() >= ns,
          "server useTimer: %s ns %llu; own timer after copy: %s", ErrorName(r.error()),
          (unsigned long long)ns, ErrorName(mine.error()));
}

// Sends `cap` to the server's callCap (with `rights`, `mode`): the status
// the server's CALL on it got.
caprt::Result<int32_t> ServerCalls(const Cap& cap, uint32_t rights, abi::TransferMode mode) {
  abi::CapTransfer t = caprt::Send(cap, rights, mode);
  caprt::CallOptions o;
  o.caps = &t;
  o.caps_count = 1;
  auto r = CallBuilt<S::Echo::CallCapParams>(
      echo.client, E::kCallCap, [](S::Echo::CallCapParams::Builder b) { b.setCapIndex(0); }, reply,
      sizeof(reply), o);
  if (!r.ok()) return r.error();
  int32_t status = 1;
  caprt::Status s = caprt::DecodeRoot<S::Echo::CallCapResults>(
      reply, r.value().len, [&](S::Echo::CallCapResults::Reader x) { status = x.getStatus(); });
  if (!s.ok()) return s.error();
  return status;
}

void MoveAndNarrow(Probe& p) {
  // Nobody RECVs on this endpoint: a working CALL facet times out there.
  auto idle = caprt::CreateEndpoint(p.env.factory, E::kId, false);
  if (!idle.ok()) return p.Fail("transfer-move", "endpoint: %s", ErrorName(idle.error()));
  Cap client = idle.value().client;
  caprt::Result<int32_t> narrowed =
      ServerCalls(client, abi::kRightTransfer, abi::TransferMode::kCopy);
  p.Check("transfer-narrow-denied",
          narrowed.ok() && narrowed.value() == -static_cast<int32_t>(abi::Error::kDenied),
          "server's CALL on a facet sent without call right: %s / status %d",
          ErrorName(narrowed.error()), narrowed.ok() ? narrowed.value() : 0);
  caprt::Result<int32_t> moved = ServerCalls(client, abi::kRightsAll, abi::TransferMode::kMove);
  caprt::CallOptions bounded;
  bounded.timeout_ms = 100;  // if the move had not happened, nobody answers
  auto after = caprt::CallWith(client, E::kEcho, nullptr, 0, reply, sizeof(reply), bounded);
  p.Check("transfer-move",
          moved.ok() && moved.value() == -static_cast<int32_t>(abi::Error::kTimedOut) &&
              after.error() == abi::Error::kStaleGeneration,
          "server's CALL on the moved facet: %s / status %d (want timedOut); sender's slot "
          "afterwards: %s (want staleGeneration)",
          ErrorName(moved.error()), moved.ok() ? moved.value() : 0, ErrorName(after.error()));
  caprt::Release(idle.value().owner);
}

// giveCap(rights): the timer cap the server RETURNs, as a reply cap.
caprt::Result<Cap> Given(uint32_t rights) {
  auto r = CallBuilt<S::Echo::GiveCapParams>(
      echo.client, E::kGiveCap, [&](S::Echo::GiveCapParams::Builder b) { b.setRights(rights); },
      reply, sizeof(reply));
  if (!r.ok()) return r.error();
  uint16_t index = 0xffff;
  caprt::DecodeRoot<S::Echo::GiveCapResults>(
      reply, r.value().len, [&](S::Echo::GiveCapResults::Reader x) { index = x.getTimerCap(); });
  return caprt::ReplyCap(reply, r.value(), index);
}

void ReturnedCaps(Probe& p) {
  caprt::Result<Cap> full = Given(abi::kRightsAll);
  if (!full.ok()) return p.Fail("transfer-return-cap", "giveCap: %s", ErrorName(full.error()));
  caprt::Result<uint64_t> now = caprt::Timer(full.value()).Now();
  p.Check("transfer-return-cap",
          full.value().interface_id == caprt::iface::kTimer && now.ok() && now.value() > 0,
          "returned cap iid %llx, Timer.now: %s", (unsigned long long)full.value().interface_id,
          ErrorName(now.error()));
  caprt::Release(full.value());

  caprt::Result<Cap> bare = Given(abi::kRightCall);
  if (!bare.ok()) return p.Fail("transfer-needs-right", "giveCap: %s", ErrorName(bare.error()));
  caprt::Result<uint64_t> usable = caprt::Timer(bare.value()).Now();
  abi::CapTransfer t = caprt::Send(bare.value());
  caprt::CallOptions o;
  o.caps = &t;
  o.caps_count = 1;
  auto r = CallBuilt<S::Echo::UseTimerParams>(
      echo.client, E::kUseTimer, [](S::Echo::UseTimerParams::Builder b) { b.setTimerCap(0); },
      reply, sizeof(reply), o);
  p.Check("transfer-needs-right", usable.ok() && r.error() == abi::Error::kDenied,
          "cap narrowed to call only: Timer.now %s, sending it %s (want denied)",
          ErrorName(usable.error()), ErrorName(r.error()));
  caprt::Release(bare.value());
}

}  // namespace

void RunEndpointChecks(Probe& p) {
  caprt::Result<EchoServer> s = StartEcho(p.env, "ipc-echo", false, kBadge);
  if (!s.ok()) return p.Fail("endpoint-start-echo", "%s", ErrorName(s.error()));
  echo = s.value();
  EchoRoundTrip(p);
  RecvHeader(p);
  UnknownMethod(p);
  OversizedCall(p);
}

void RunTransferChecks(Probe& p) {
  CopyTimer(p);
  MoveAndNarrow(p);
  ReturnedCaps(p);
  caprt::Status st = StopEcho(echo);
  p.Check("endpoint-stop-echo", st.ok(), "%s", ErrorName(st.error()));
}

}  // namespace ipcprobe
