// ipc-echo: the test server of schema/testing.capnp Echo. It serves the
// owner facet granted as "echo" until its parent kills it. It runs its own
// RECV/RETURN loop (not caprt::Server) because the probes need the status
// of its RETURNs (see lastHoldStatus).
#include <stdlib.h>
#include <string.h>

#include "layout/testing.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/testing.capnp.h"

namespace {

using caprt::Cap;
using E = capos::layout::Echo;
namespace S = capos::schema;

constexpr uint32_t kBufBytes = 16 * 1024;
alignas(16) uint8_t in_buf[kBufBytes];
alignas(16) uint8_t out_buf[kBufBytes];
alignas(16) uint8_t call_buf[256];

Cap owner;
caprt::Timer timer;
int32_t last_hold_status = 0;

// Encodes `b` into out_buf as the answer's results.
void Encode(capnp::MessageBuilder& b, caprt::Answer* a) {
  caprt::Result<size_t> n = caprt::SerializeTo(b, out_buf, sizeof(out_buf));
  if (!n.ok()) {
    a->status = n.error();
    return;
  }
  a->len = static_cast<uint32_t>(n.value());
}

template <typename P, typename Fn>
bool Params(const caprt::Incoming& in, caprt::Answer* a, Fn&& fn) {
  caprt::Status s = caprt::DecodeRoot<P>(in.params, in.params_len, fn);
  if (!s.ok()) a->status = s.error();
  return s.ok();
}

void Handle(const caprt::Incoming& in, caprt::Answer* a) {
  const abi::RecvHeader* h = in.header;
  capnp::MallocMessageBuilder b;
  switch (h->method) {
    case E::kEcho:
      // EchoParams and EchoResults have one layout (a struct with one Data
      // pointer): the params message is a valid results message.
      if (in.params_len > sizeof(out_buf)) {
        a->status = abi::Error::kBadLength;
        return;
      }
      memcpy(out_buf, in.params, in.params_len);
      a->len = in.params_len;
      return;
    case E::kUseTimer: {
      uint16_t idx = 0;
      if (!Params<S::Echo::UseTimerParams>(in, a, [&](auto p) { idx = p.getTimerCap(); })) return;
      caprt::Result<Cap> c = in.cap(idx);
      if (!c.ok()) {
        a->status = c.error();
        return;
      }
      caprt::Result<uint64_t> now = caprt::Timer(c.value()).Now();
      caprt::Release(c.value());
      if (!now.ok()) {
        a->status = now.error();
        return;
      }
      b.initRoot<S::Echo::UseTimerResults>().setNs(now.value());
      return Encode(b, a);
    }
    case E::kCallCap: {
      uint16_t idx = 0;
      if (!Params<S::Echo::CallCapParams>(in, a, [&](auto p) { idx = p.getCapIndex(); })) return;
      caprt::Result<Cap> c = in.cap(idx);
      if (!c.ok()) {
        a->status = c.error();
        return;
      }
      caprt::CallOptions o;
      o.timeout_ms = 100;
      caprt::Result<caprt::Reply> r =
          caprt::CallWith(c.value(), E::kEcho, nullptr, 0, call_buf, sizeof(call_buf), o);
      caprt::Release(c.value());
      b.initRoot<S::Echo::CallCapResults>().setStatus(r.ok() ? 0
                                                             : -static_cast<int32_t>(r.error()));
      return Encode(b, a);
    }
    case E::kWhoami: {
      auto r = b.initRoot<S::Echo::WhoamiResults>();
      r.setInterfaceId(h->interface_id);
      r.setMethod(h->method);
      r.setBadge(h->badge);
      r.setSessionRef(h->session_ref);
      r.setDisclosed(h->disclosed & abi::kDisclosedClasses);
      r.setPrincipalClass(h->principal_class);
      r.setAuthStrength(h->auth_strength);
      r.setProfileClass(h->profile_class);
      return Encode(b, a);
    }
    case E::kHold: {
      uint32_t ms = 0;
      if (!Params<S::Echo::HoldParams>(in, a, [&](auto p) { ms = p.getMs(); })) return;
      timer.Sleep(uint64_t(ms) * 1000 * 1000);
      auto r = b.initRoot<S::Echo::HoldResults>();
      static const char kHeld[] = "held bytes";
      r.setData(capnp::Data::Reader(reinterpret_cast<const uint8_t*>(kHeld), sizeof(kHeld)));
      r.setTimerCap(0);
      a->caps[0] = caprt::Send(timer.cap());
      a->caps_count = 1;
      return Encode(b, a);
    }
    case E::kGiveCap: {
      uint32_t rights = 0;
      if (!Params<S::Echo::GiveCapParams>(in, a, [&](auto p) { rights = p.getRights(); })) return;
      b.initRoot<S::Echo::GiveCapResults>().setTimerCap(0);
      a->caps[0] = caprt::Send(timer.cap(), rights);
      a->caps_count = 1;
      return Encode(b, a);
    }
    case E::kLastHoldStatus:
      b.initRoot<S::Echo::LastHoldStatusResults>().setStatus(last_hold_status);
      return Encode(b, a);
    default:
      a->status = abi::Error::kBadMethod;
      return;
  }
}

abi::Sqe RecvSqe(uint64_t user_data) {
  abi::Sqe s = {};
  s.opcode = static_cast<uint8_t>(abi::Op::kRecv);
  s.slot = owner.slot;
  s.generation = owner.generation;
  s.user_data = user_data;
  s.result_addr = reinterpret_cast<uint64_t>(in_buf);
  s.result_cap = sizeof(in_buf);
  return s;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  caprt::Result<Cap> ep = caprt::FindCap("echo", E::kId);
  caprt::Result<caprt::Timer> t = caprt::Timer::Find();
  // Started by init without grants, as a boot-package stand-by (packages
  // carry only manifest services' binaries): nothing to serve.
  if (caprt::MyCapSet().count() == 0) return 0;
  if (!console.ok() || !ep.ok() || !t.ok()) return 2;
  owner = ep.value();
  timer = t.value();
  caprt::Ring& ring = caprt::DefaultRing();
  for (;;) {
    caprt::Result<abi::Cqe> cqe = ring.SubmitAndWait(RecvSqe(ring.NextUserData()));
    if (!cqe.ok()) return 3;
    if (cqe.value().status != 0) {
      caprt::Error e = caprt::ErrorFromStatus(cqe.value().status);
      console.value().Printf("recv ended: %s\n", caprt::ErrorName(e));
      return e == abi::Error::kDisconnected ? 0 : 4;
    }
    auto* h = reinterpret_cast<const abi::RecvHeader*>(in_buf);
    caprt::Incoming in;
    in.header = h;
    in.params = in_buf + sizeof(abi::RecvHeader);
    in.params_len = h->params_len;
    in.caps = reinterpret_cast<const abi::CapDescriptor*>(in_buf + sizeof(abi::RecvHeader) +
                                                          ((h->params_len + 7) & ~7u));
    in.caps_count = h->caps_count;
    static caprt::Answer answer;
    answer = caprt::Answer();
    Handle(in, &answer);
    uint16_t method = h->method;
    caprt::Status r = caprt::Return(owner, h->call_token, answer, out_buf);
    if (method == E::kHold) {
      last_hold_status = -static_cast<int32_t>(r.error());
      console.value().Printf("hold RETURN: %s\n", caprt::ErrorName(r.error()));
    }
  }
}
