#include "services/authority-probe/relay.h"

#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "services/chat-probe/relay_proto.h"

namespace aprobe {
namespace {

constexpr uint64_t kWaitNs = 60ull * 1000 * 1000 * 1000;  // TCG is slow
alignas(
    16) uint8_t recv_buf[sizeof(abi::RecvHeader) + sizeof(relay::Report) + relay::kMaxPayload + 64];
alignas(16) uint8_t cmd_buf[sizeof(relay::Command) + relay::kMaxPayload];

}  // namespace

bool Relay::Start(Probe& p, const char* name, const caprt::Cap& cell) {
  caprt::Result<caprt::EndpointPair> ep =
      caprt::CreateEndpoint(p.caps().factory, relay::kControlInterfaceId, false);
  if (!ep.ok()) {
    p.Check("relay endpoint", false, "%s", caprt::ErrorName(ep.error()));
    return false;
  }
  ep_ = ep.value();
  caprt::SpawnGrant grants[] = {
      {"console", p.caps().console.cap()},
      {"timer", p.caps().timer.cap()},
      {"chat", p.caps().chat, abi::kRightCall | abi::kRightTransfer},
      {"control", ep_.client, abi::kRightCall},
  };
  caprt::Result<caprt::Spawned> s =
      p.caps().spawner.Spawn(name, "chat-probe", grants, 4, 64, &cell);
  if (!s.ok()) {
    p.Check("spawn chat-probe", false, "%s: %s", name, caprt::ErrorName(s.error()));
    caprt::Release(ep_.owner);
    caprt::Release(ep_.client);
    return false;
  }
  handle_ = s.value().handle;
  live_ = true;
  abi::RecvHeader h;
  if (Recv(recv_buf, sizeof(recv_buf), &h) != abi::Error::kOk) return false;  // the hello
  return true;
}

abi::Error Relay::Recv(uint8_t* buf, uint32_t cap, abi::RecvHeader* h) {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kRecv);
  sqe.slot = ep_.owner.slot;
  sqe.generation = ep_.owner.generation;
  sqe.user_data = ring.NextUserData();
  sqe.result_addr = reinterpret_cast<uint64_t>(buf);
  sqe.result_cap = cap;
  caprt::Result<abi::Cqe> cqe = ring.SubmitAndWait(sqe, kWaitNs);
  if (!cqe.ok()) return cqe.error();
  if (cqe.value().status != 0) return static_cast<abi::Error>(-cqe.value().status);
  memcpy(h, buf, sizeof(*h));
  token_ = h->call_token;
  return abi::Error::kOk;
}

abi::Error Relay::Send(uint16_t op, uint16_t method, const void* params, uint32_t len,
                       uint32_t delay_ms) {
  if (len > relay::kMaxPayload) return abi::Error::kBadLength;
  relay::Command c{op, method, delay_ms, len, 0};
  memcpy(cmd_buf, &c, sizeof(c));
  if (len) memcpy(cmd_buf + sizeof(c), params, len);
  caprt::Answer a;
  a.len = static_cast<uint32_t>(sizeof(c) + len);
  caprt::Status s = caprt::Return(ep_.owner, token_, a, cmd_buf);
  token_ = 0;
  return s.ok() ? abi::Error::kOk : s.error();
}

abi::Error Relay::CallNoWait(uint16_t method, const void* params, uint32_t len, uint32_t delay_ms) {
  return Send(static_cast<uint16_t>(relay::Op::kCall), method, params, len, delay_ms);
}

abi::Error Relay::Call(uint16_t method, const void* params, uint32_t len, uint32_t delay_ms,
                       uint8_t* result, uint32_t result_cap, uint32_t* result_len) {
  abi::Error e = CallNoWait(method, params, len, delay_ms);
  if (e != abi::Error::kOk) return e;
  abi::RecvHeader h;
  e = Recv(recv_buf, sizeof(recv_buf), &h);
  if (e != abi::Error::kOk) return e;
  relay::Report r;
  if (h.params_len < sizeof(r)) return abi::Error::kMalformedMessage;
  memcpy(&r, recv_buf + sizeof(h), sizeof(r));
  if (r.status != 0) return static_cast<abi::Error>(-r.status);
  if (r.len > result_cap || sizeof(r) + r.len > h.params_len) return abi::Error::kResultTooSmall;
  memcpy(result, recv_buf + sizeof(h) + sizeof(r), r.len);
  *result_len = r.len;
  return abi::Error::kOk;
}

int32_t Relay::Finish(bool tell) {
  if (!live_) return -1;
  if (tell && token_ != 0) Send(static_cast<uint16_t>(relay::Op::kExit), 0, nullptr, 0, 0);
  caprt::Result<caprt::ExitInfo> x = caprt::ProcessHandle(handle_).Wait();
  return x.ok() ? x.value().status : -1;
}

void Relay::Drop() {
  if (!live_) return;
  caprt::Release(ep_.owner);
  caprt::Release(ep_.client);
  caprt::Release(handle_);
  live_ = false;
}

}  // namespace aprobe
