#include "services/lib/ipc-backend/worker_client.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/kernel.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/chat.capnp.h"
#include "schema/launcher.capnp.h"
#include "schema/worker.capnp.h"
#include "services/lib/remote-session/text.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
using capos::schema::Chat;
using Launcher = capos::schema::RestrictedLauncher;
using ChatWorker = capos::schema::ChatWorker;
using remote_session::CopyText;

// Scratch for one relay encode/decode at a time (the event loop is
// single-threaded); each in-flight relay has its own buffers in the
// RelayPool. Sized for the largest Chat poll answer.
alignas(8) uint8_t inner_buf[ChatWorker::MAX_RELAY_BYTES];

void SetWhy(char* why, uint32_t cap, const char* a, const char* b = "") {
  if (cap == 0) return;
  size_t n = 0;
  for (const char* s : {a, b}) {
    while (*s && n + 1 < cap) why[n++] = *s++;
  }
  why[n] = '\0';
}

}  // namespace

uint32_t EncodeChatParams(const rs::ChatRequest& r, void* out, uint32_t cap) {
  capnp::MallocMessageBuilder b(128);
  switch (r.op) {
    case rs::ChatOp::kJoin:
      b.initRoot<Chat::JoinParams>();
      break;
    case rs::ChatOp::kLeave:
      b.initRoot<Chat::LeaveParams>();
      break;
    case rs::ChatOp::kSend:
      b.initRoot<Chat::SendParams>().setText(
          capnp::Text::Reader(r.text ? r.text : "", r.text ? r.text_len : 0));
      break;
    case rs::ChatOp::kWho:
      b.initRoot<Chat::WhoParams>();
      break;
    case rs::ChatOp::kPoll: {
      auto p = b.initRoot<Chat::PollParams>();
      p.setSinceSeq(r.since_seq);
      p.setLimit(r.limit);
      break;
    }
  }
  caprt::Result<size_t> n = caprt::SerializeTo(b, out, cap);
  return n.ok() ? static_cast<uint32_t>(n.value()) : 0;
}

bool DecodeChatResults(rs::ChatOp op, const void* data, uint32_t len, rs::ChatReply* out) {
  caprt::Status s;
  switch (op) {
    case rs::ChatOp::kJoin:
      s = caprt::DecodeRoot<Chat::JoinResults>(data, len, [&](Chat::JoinResults::Reader r) {
        out->status = static_cast<rs::ChatStatus>(r.getStatus());
        out->already_member = r.getAlreadyMember();
        CopyText(r.getYou(), out->you, sizeof(out->you));
      });
      break;
    case rs::ChatOp::kLeave:
      s = caprt::DecodeRoot<Chat::LeaveResults>(data, len, [&](Chat::LeaveResults::Reader r) {
        out->status = static_cast<rs::ChatStatus>(r.getStatus());
      });
      break;
    case rs::ChatOp::kSend:
      s = caprt::DecodeRoot<Chat::SendResults>(data, len, [&](Chat::SendResults::Reader r) {
        out->status = static_cast<rs::ChatStatus>(r.getStatus());
        out->sent = r.getSent();
        out->seq = r.getSeq();
      });
      break;
    case rs::ChatOp::kWho:
      s = caprt::DecodeRoot<Chat::WhoResults>(data, len, [&](Chat::WhoResults::Reader r) {
        out->status = static_cast<rs::ChatStatus>(r.getStatus());
        CopyText(r.getYou(), out->you, sizeof(out->you));
        auto m = r.getMembers();
        out->member_count = 0;
        for (uint32_t i = 0; i < m.size() && i < rs::kMaxChatMembers; ++i) {
          CopyText(m[i], out->members[i], sizeof(out->members[i]));
          ++out->member_count;
        }
      });
      break;
    case rs::ChatOp::kPoll:
      s = caprt::DecodeRoot<Chat::PollResults>(data, len, [&](Chat::PollResults::Reader r) {
        out->status = static_cast<rs::ChatStatus>(r.getStatus());
        out->truncated = r.getTruncated();
        out->latest_seq = r.getLatestSeq();
        auto m = r.getMessages();
        out->message_count = 0;
        for (uint32_t i = 0; i < m.size() && i < rs::kMaxChatPollMessages; ++i) {
          out->messages[i].seq = m[i].getSeq();
          CopyText(m[i].getFrom(), out->messages[i].from, sizeof(out->messages[i].from));
          CopyText(m[i].getText(), out->messages[i].text, sizeof(out->messages[i].text));
          ++out->message_count;
        }
      });
      break;
  }
  return s.ok() &&
         static_cast<uint8_t>(out->status) <= static_cast<uint8_t>(rs::ChatStatus::kInvalidText);
}

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

uint32_t EncodeRelayParams(const rs::ChatRequest& request, void* out, uint32_t cap) {
  uint32_t inner = EncodeChatParams(request, inner_buf, sizeof(inner_buf));
  if (inner == 0) return 0;
  // Sized to this call's params, not the bound: zeroing is per relay.
  capnp::MallocMessageBuilder b(inner / 8 + 16);
  auto p = b.initRoot<ChatWorker::RelayParams>();
  p.setMethod(static_cast<uint16_t>(request.op));  // ChatOp numbering == Chat ordinals
  p.setParams(kj::arrayPtr(inner_buf, inner));
  caprt::Result<size_t> n = caprt::SerializeTo(b, out, cap);
  return n.ok() ? static_cast<uint32_t>(n.value()) : 0;
}

rs::BackendStatus DecodeRelayReply(rs::ChatOp op, int32_t status, const void* data, uint32_t len,
                                   rs::ChatReply* reply) {
  if (status == -int32_t(abi::Error::kStaleSession)) return rs::BackendStatus::kStale;
  // The control endpoint's owner (the worker) is gone.
  if (status == -int32_t(abi::Error::kDisconnected)) return rs::BackendStatus::kWorkerGone;
  if (status != 0) return rs::BackendStatus::kUnavailable;
  uint32_t inner = 0;
  caprt::Status s = caprt::DecodeRoot<ChatWorker::RelayResults>(
      data, len, [&](ChatWorker::RelayResults::Reader res) {
        auto d = res.getResults();
        if (d.size() > sizeof(inner_buf) || d.size() % 8 != 0) return;
        memcpy(inner_buf, d.begin(), d.size());  // capnp wants the words aligned
        inner = static_cast<uint32_t>(d.size());
      });
  if (!s.ok() || inner == 0 || !DecodeChatResults(op, inner_buf, inner, reply)) {
    return rs::BackendStatus::kUnavailable;
  }
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
