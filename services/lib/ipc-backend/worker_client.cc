#include "services/lib/ipc-backend/worker_client.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/kernel.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/launcher.capnp.h"
#include "services/lib/remote-session/text.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
using Launcher = capos::schema::RestrictedLauncher;
using remote_session::CopyText;

void SetWhy(char* why, uint32_t cap, const char* a, const char* b = "") {
  if (cap == 0) return;
  size_t n = 0;
  for (const char* s : {a, b}) {
    while (*s && n + 1 < cap) why[n++] = *s++;
  }
  why[n] = '\0';
}

}  // namespace

rs::BackendStatus Worker::PrepareLaunch(const WorkerCaps& caps, const caprt::Cap& cell,
                                        void* params, uint32_t capacity, uint32_t* len,
                                        abi::CapTransfer* sent, char* why, uint32_t why_cap) {
  caprt::Result<caprt::EndpointPair> ep =
      caprt::CreateEndpoint(caps.factory, L::ChatWorker::kId, false);
  if (!ep.ok()) {
    SetWhy(why, why_cap, "control endpoint: ", caprt::ErrorName(ep.error()));
    return ep.error() == abi::Error::kNoMemory || ep.error() == abi::Error::kBusy
               ? rs::BackendStatus::kBoundExceeded
               : rs::BackendStatus::kUnavailable;
  }
  capnp::MallocMessageBuilder b(256);
  auto p = b.initRoot<Launcher::LaunchParams>();
  p.setProfile(kWorkerProfile);
  p.setBinary(kWorkerBinary);
  p.setName("chat-worker");
  auto g = p.initGrants(3);
  const char* names[3] = {"console", "chat", "control"};
  for (uint16_t i = 0; i < 3; ++i) {
    g[i].setName(names[i]);
    g[i].setCapIndex(i);
  }
  p.setSessionCap(3);
  caprt::Result<size_t> n = caprt::SerializeTo(b, params, capacity);
  if (!n.ok()) {
    caprt::Release(ep.value().owner);
    caprt::Release(ep.value().client);
    SetWhy(why, why_cap, "launch params do not fit");
    return rs::BackendStatus::kUnavailable;
  }
  // The worker may only call Chat (and pass nothing on); the owner facet is
  // moved so that only the worker can serve its control endpoint.
  const uint32_t pass = abi::kRightCall | abi::kRightTransfer;
  sent[0] = caprt::Send(caps.console);
  sent[1] = caprt::Send(caps.chat, pass);
  sent[2] = caprt::Send(ep.value().owner, abi::kRightsAll, abi::TransferMode::kMove);
  sent[3] = caprt::Send(cell, abi::kRightCall | abi::kRightBind | abi::kRightTransfer);
  owner_ = ep.value().owner;
  control_ = ep.value().client;
  *len = static_cast<uint32_t>(n.value());
  return rs::BackendStatus::kOk;
}

rs::BackendStatus Worker::FinishLaunch(int32_t status, const void* reply, uint32_t len,
                                       uint16_t reply_caps, char* why, uint32_t why_cap) {
  if (status != 0) {
    // A failed CALL never moved the owner facet: drop both facets.
    caprt::Release(owner_);
    caprt::Release(control_);
    owner_ = control_ = caprt::Cap{};
    SetWhy(why, why_cap, "launcher call: ", caprt::ErrorName(caprt::ErrorFromStatus(status)));
    return rs::BackendStatus::kUnavailable;
  }
  owner_ = caprt::Cap{};  // moved to the launcher with the CALL
  last_denial_ = -1;
  bool launched = false;
  uint16_t handle_index = 0;
  Launcher::DenialCode code = Launcher::DenialCode::MALFORMED_REQUEST;
  caprt::Status s = caprt::DecodeRoot<Launcher::LaunchResults>(
      reply, len, [&](Launcher::LaunchResults::Reader res) {
        auto result = res.getResult();
        if (result.isLaunched()) {
          launched = true;
          pid_ = result.getLaunched().getPid();
          handle_index = result.getLaunched().getHandleCap();
        } else {
          code = result.getDenied().getCode();
          last_denial_ = static_cast<int>(code);
          char msg[96];
          CopyText(result.getDenied().getMessage(), msg, sizeof(msg));
          SetWhy(why, why_cap, "launcher denied: ", msg);
        }
      });
  caprt::Reply r;
  r.len = len;
  r.caps = reply_caps;
  caprt::Result<caprt::Cap> handle = s.ok() && launched
                                         ? caprt::ReplyCap(reply, r, handle_index)
                                         : caprt::Result<caprt::Cap>(abi::Error::kMalformedMessage);
  if (!handle.ok()) {
    caprt::Release(control_);
    control_ = caprt::Cap{};
    if (s.ok() && launched) SetWhy(why, why_cap, "launcher reply: no process handle");
    if (!s.ok()) SetWhy(why, why_cap, "launcher reply: undecodable");
    return code == Launcher::DenialCode::STALE_SESSION ? rs::BackendStatus::kStale
                                                       : rs::BackendStatus::kUnavailable;
  }
  handle_ = handle.value();
  running_ = true;
  return rs::BackendStatus::kOk;
}

uint32_t EncodeLaunch(const LaunchSpec& spec, const char* control_name, void* out, uint32_t cap) {
  capnp::MallocMessageBuilder b(256);
  auto p = b.initRoot<Launcher::LaunchParams>();
  p.setProfile(spec.profile);
  p.setBinary(spec.binary);
  p.setName(spec.child_name);
  uint32_t n = spec.grant_count + (control_name[0] != 0 ? 1 : 0);
  auto g = p.initGrants(n);
  for (uint32_t i = 0; i < spec.grant_count; ++i) {
    g[i].setName(spec.grants[i].name);
    g[i].setCapIndex(static_cast<uint16_t>(i));
  }
  if (control_name[0] != 0) {
    g[spec.grant_count].setName(control_name);
    g[spec.grant_count].setCapIndex(static_cast<uint16_t>(spec.grant_count));
  }
  if (spec.cell != nullptr) p.setSessionCap(static_cast<int16_t>(n));
  caprt::Result<size_t> len = caprt::SerializeTo(b, out, cap);
  return len.ok() ? static_cast<uint32_t>(len.value()) : 0;
}

rs::BackendStatus Worker::PrepareService(const caprt::Cap& factory, const LaunchSpec& spec,
                                         void* params, uint32_t capacity, uint32_t* len,
                                         abi::CapTransfer* sent, uint16_t* sent_count, char* why,
                                         uint32_t why_cap) {
  if (spec.grant_count + 2 > kMaxLaunchCaps) {
    SetWhy(why, why_cap, "too many grants for one launch");
    return rs::BackendStatus::kUnavailable;
  }
  caprt::Result<caprt::EndpointPair> ep = caprt::CreateEndpoint(factory, spec.control_iface, false);
  if (!ep.ok()) {
    SetWhy(why, why_cap, "control endpoint: ", caprt::ErrorName(ep.error()));
    return ep.error() == abi::Error::kNoMemory || ep.error() == abi::Error::kBusy
               ? rs::BackendStatus::kBoundExceeded
               : rs::BackendStatus::kUnavailable;
  }
  *len = EncodeLaunch(spec, spec.control_name, params, capacity);
  if (*len == 0) {
    caprt::Release(ep.value().owner);
    caprt::Release(ep.value().client);
    SetWhy(why, why_cap, "launch params do not fit");
    return rs::BackendStatus::kUnavailable;
  }
  uint16_t n = 0;
  for (uint32_t i = 0; i < spec.grant_count; ++i) {
    sent[n++] = caprt::Send(spec.grants[i].cap, spec.grants[i].rights, spec.grants[i].mode);
  }
  sent[n++] = caprt::Send(ep.value().owner, abi::kRightsAll, abi::TransferMode::kMove);
  if (spec.cell != nullptr)
    sent[n++] = caprt::Send(*spec.cell, abi::kRightCall | abi::kRightBind | abi::kRightTransfer);
  *sent_count = n;
  owner_ = ep.value().owner;
  control_ = ep.value().client;
  return rs::BackendStatus::kOk;
}

void Worker::Discard() {
  if (!running_) return;
  alignas(8) uint8_t small[64];
  caprt::CallWith(handle_, L::ProcessHandle::kKill, nullptr, 0, small, sizeof(small));
  Release();
}

void Worker::Release() {
  if (!running_) return;
  running_ = false;
  caprt::Release(control_);
  caprt::Release(handle_);
  control_ = handle_ = caprt::Cap{};
}

}  // namespace ipc_backend
