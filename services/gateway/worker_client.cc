#include "services/gateway/worker_client.h"

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

namespace gateway {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
using capos::schema::Chat;
using Launcher = capos::schema::RestrictedLauncher;
using ChatWorker = capos::schema::ChatWorker;

// Scratch for one launch or one relay encode/decode at a time (the event
// loop is single-threaded); each in-flight relay has its own buffers in the
// RelayPool. Sized for the largest Chat poll answer.
alignas(8) uint8_t params_buf[ChatWorker::MAX_RELAY_BYTES + 256];
alignas(8) uint8_t inner_buf[ChatWorker::MAX_RELAY_BYTES];
alignas(8) uint8_t reply_buf[8192];

void CopyText(capnp::Text::Reader t, char* out, size_t cap) {
  size_t n = t.size() < cap - 1 ? t.size() : cap - 1;
  memcpy(out, t.begin(), n);
  out[n] = '\0';
}

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

rs::BackendStatus Worker::Start(const WorkerCaps& caps, const caprt::Cap& cell, char* why,
                                uint32_t why_cap) {
  if (running_) return rs::BackendStatus::kOk;
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
  // The worker may only call Chat (and pass nothing on); the owner facet is
  // moved so that only the worker can serve its control endpoint.
  const uint32_t pass = abi::kRightCall | abi::kRightTransfer;
  abi::CapTransfer sent[4] = {
      caprt::Send(caps.console),
      caprt::Send(caps.chat, pass),
      caprt::Send(ep.value().owner, abi::kRightsAll, abi::TransferMode::kMove),
      caprt::Send(cell, abi::kRightCall | abi::kRightBind | abi::kRightTransfer),
  };
  caprt::Result<size_t> n = caprt::SerializeTo(b, params_buf, sizeof(params_buf));
  caprt::Result<caprt::Reply> r(abi::Error::kMalformedMessage);
  if (n.ok()) {
    caprt::CallOptions o;
    o.caps = sent;
    o.caps_count = 4;
    o.timeout_ms = 10000;
    r = caprt::CallWith(caps.launcher, L::RestrictedLauncher::kLaunch, params_buf,
                        static_cast<uint32_t>(n.value()), reply_buf, sizeof(reply_buf), o);
  }
  if (!r.ok()) {
    // A failed CALL never moved the owner facet: drop both facets.
    caprt::Release(ep.value().owner);
    caprt::Release(ep.value().client);
    SetWhy(why, why_cap, "launcher call: ", caprt::ErrorName(r.error()));
    return rs::BackendStatus::kUnavailable;
  }
  bool launched = false;
  uint16_t handle_index = 0;
  Launcher::DenialCode code = Launcher::DenialCode::MALFORMED_REQUEST;
  caprt::Status s = caprt::DecodeRoot<Launcher::LaunchResults>(
      reply_buf, r.value().len, [&](Launcher::LaunchResults::Reader res) {
        auto result = res.getResult();
        if (result.isLaunched()) {
          launched = true;
          pid_ = result.getLaunched().getPid();
          handle_index = result.getLaunched().getHandleCap();
        } else {
          code = result.getDenied().getCode();
          char msg[96];
          CopyText(result.getDenied().getMessage(), msg, sizeof(msg));
          SetWhy(why, why_cap, "launcher denied: ", msg);
        }
      });
  caprt::Result<caprt::Cap> handle = s.ok() && launched
                                         ? caprt::ReplyCap(reply_buf, r.value(), handle_index)
                                         : caprt::Result<caprt::Cap>(abi::Error::kMalformedMessage);
  if (!handle.ok()) {
    caprt::Release(ep.value().client);
    if (s.ok() && launched) SetWhy(why, why_cap, "launcher reply: no process handle");
    if (!s.ok()) SetWhy(why, why_cap, "launcher reply: undecodable");
    return code == Launcher::DenialCode::STALE_SESSION ? rs::BackendStatus::kStale
                                                       : rs::BackendStatus::kUnavailable;
  }
  control_ = ep.value().client;
  handle_ = handle.value();
  running_ = true;
  return rs::BackendStatus::kOk;
}

uint32_t EncodeRelayParams(const rs::ChatRequest& request, void* out, uint32_t cap) {
  uint32_t inner = EncodeChatParams(request, inner_buf, sizeof(inner_buf));
  if (inner == 0) return 0;
  capnp::MallocMessageBuilder b(ChatWorker::MAX_RELAY_BYTES / 8 + 32);
  auto p = b.initRoot<ChatWorker::RelayParams>();
  p.setMethod(static_cast<uint16_t>(request.op));  // ChatOp numbering == Chat ordinals
  p.setParams(kj::arrayPtr(inner_buf, inner));
  caprt::Result<size_t> n = caprt::SerializeTo(b, out, cap);
  return n.ok() ? static_cast<uint32_t>(n.value()) : 0;
}

rs::BackendStatus DecodeRelayReply(rs::ChatOp op, int32_t status, const void* data, uint32_t len,
                                   rs::ChatReply* reply) {
  if (status != 0) {
    return status == -int32_t(abi::Error::kStaleSession) ? rs::BackendStatus::kStale
                                                         : rs::BackendStatus::kUnavailable;
  }
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

bool Worker::Stop() {
  if (!running_) return false;
  running_ = false;
  alignas(8) uint8_t small[64];
  caprt::CallOptions o;
  o.timeout_ms = kShutdownTimeoutMs;
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(control_, L::ChatWorker::kShutdown, nullptr, 0, small, sizeof(small), o);
  bool killed = false;
  if (r.ok()) {
    // The worker exits right after answering; a bounded wait confirms it.
    caprt::Result<caprt::Reply> w =
        caprt::CallWith(handle_, L::ProcessHandle::kWait, nullptr, 0, small, sizeof(small), o);
    if (!w.ok()) r = w;
  }
  if (!r.ok()) {
    caprt::CallWith(handle_, L::ProcessHandle::kKill, nullptr, 0, small, sizeof(small), o);
    killed = true;
  }
  caprt::Release(control_);
  caprt::Release(handle_);
  control_ = handle_ = caprt::Cap{};
  return killed;
}

}  // namespace gateway
