// IpcBackend's synchronous half: the slot table and the Backend methods,
// each of which either answers at once or submits its first CALL. The CQE
// steps are in backend_ops.cc.
#include "services/lib/ipc-backend/ipc_backend.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/authority.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/authority.capnp.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
namespace S = capos::schema;

// Login runs PBKDF2 in the authority: allow for it, but bounded.
constexpr uint16_t kLoginTimeoutMs = 15000;
constexpr uint16_t kCallTimeoutMs = 5000;
// user_data: bit 59 marks an operation CALL (the loop uses bit 62, the
// RelayPool 61 and 60, the runtime 63); then the slot's op_seq and index.
constexpr uint64_t kOpMark = 1ull << 59;
constexpr uint64_t kOtherMarks = (1ull << 60) | (1ull << 61) | (1ull << 62) | (1ull << 63);

// By rs::AuthMethod's value.
const char* const kMethodNames[] = {"password", "guest", "anonymous", "publicKey"};
static_assert(sizeof(kMethodNames) / sizeof(kMethodNames[0]) ==
              static_cast<size_t>(rs::AuthMethod::kPublicKey) + 1);

}  // namespace

IpcBackend::IpcBackend(const BackendCaps& caps, caprt::Console& log)
    : caps_(caps), log_(log), calls_(kOpWindow, caprt::async::Submit) {}

bool IpcBackend::OwnsOp(uint64_t user_data) {
  return ((user_data & kOpMark) != 0 && (user_data & kOtherMarks) == 0) ||
         ShellPool::Owns(user_data);
}

uint64_t IpcBackend::OpTag(uint32_t i) const {
  return kOpMark | (uint64_t(slots_[i].op_seq & 0xffffff) << 8) | i;
}

rs::BackendSession IpcBackend::Handle(uint32_t i) const {
  return (uint64_t(slots_[i].generation) << 16) | (i + 1);
}

IpcBackend::Slot* IpcBackend::Find(rs::BackendSession session, uint32_t* index) {
  uint32_t i = static_cast<uint32_t>(session & 0xffff);
  uint32_t generation = static_cast<uint32_t>(session >> 16);
  if (i == 0 || i > kMaxSessions) return nullptr;
  Slot& s = slots_[i - 1];
  if (!s.used || s.generation != generation) return nullptr;
  if (index != nullptr) *index = i - 1;
  return &s;
}

uint32_t IpcBackend::live_workers() const {
  uint32_t n = 0;
  for (const Slot& s : slots_) n += s.used && s.worker.running() ? 1 : 0;
  return n;
}

void IpcBackend::Submit(uint32_t i, const caprt::Cap& cap, uint16_t method, uint32_t params_len,
                        uint16_t timeout_ms, uint16_t caps_count, Step step) {
  Slot& s = slots_[i];
  s.step = step;
  s.op_seq = (s.op_seq + 1) & 0xffffff;
  abi::Sqe sqe = caprt::CallSqe(cap, method, params_len != 0 ? s.params : nullptr, params_len,
                                s.reply, sizeof(s.reply), OpTag(i));
  sqe.timeout_ms = timeout_ms;
  sqe.caps_count = caps_count;
  sqe.aux = caps_count != 0 ? reinterpret_cast<uint64_t>(s.caps) : 0;
  // Never refused: each slot has at most one op, and the queue holds them all.
  calls_.Submit(sqe);
}

void IpcBackend::Login(const rs::LoginRequest& req, rs::LoginOutcome* out) {
  *out = rs::LoginOutcome();
  uint32_t i = 0;
  while (i < kMaxSessions && slots_[i].used) ++i;
  const char* method = kMethodNames[static_cast<uint8_t>(req.method) % 4];
  if (i == kMaxSessions) {
    log_.Printf("audit: login event=%llu source=%llx method=%s outcome=boundExceeded\n",
                (unsigned long long)req.source.connection_event,
                (unsigned long long)req.source.source_id, method);
    out->verdict = rs::LoginVerdict::kBoundExceeded;
    return;
  }
  Slot& s = slots_[i];
  uint32_t generation = (s.generation + 1) & 0xffffff;
  uint32_t op_seq = s.op_seq;
  SetReady(i, false);  // a free slot is never ready (MaybeFree); kept exact anyway
  s = Slot();
  s.used = true;
  s.generation = generation;
  s.op_seq = op_seq;
  s.connection_event = req.source.connection_event;
  s.source_id = req.source.source_id;
  s.method = method;
  uint32_t len = 0;
  {
    capnp::MallocMessageBuilder b(128);
    auto p = b.initRoot<S::SessionManager::LoginParams>();
    p.setMethod(static_cast<S::AuthMethod>(req.method));
    p.setPrincipal(capnp::Text::Reader(req.principal, req.principal_len));
    p.setSecret(kj::arrayPtr(reinterpret_cast<const kj::byte*>(req.secret), req.secret_len));
    p.setRequestedProfile(capnp::Text::Reader(req.requested_profile, req.requested_profile_len));
    auto src = p.initSource();
    src.setSourceId(req.source.source_id);
    src.setConnectionEvent(req.source.connection_event);
    if (req.method == rs::AuthMethod::kPublicKey) {
      if (req.public_key != nullptr) {
        p.setPublicKey(kj::arrayPtr(req.public_key, rs::kPublicKeyBytes));
      }
      if (req.source.challenge != nullptr) {
        src.setChallenge(
            kj::arrayPtr(req.source.challenge, rs::kNonceBytes + rs::kChannelBindingBytes));
      }
      if (req.source.client_cert != nullptr) {
        src.setClientCertificate(kj::arrayPtr(req.source.client_cert, req.source.client_cert_len));
      }
    }
    caprt::Result<size_t> n = caprt::SerializeTo(b, s.params, sizeof(s.params));
    if (n.ok()) len = static_cast<uint32_t>(n.value());
    // The password stays only in s.params, wiped when the CQE comes.
    for (auto seg : b.getSegmentsForOutput()) {
      memset(const_cast<capnp::word*>(seg.begin()), 0, seg.size() * sizeof(capnp::word));
    }
  }
  if (len == 0) {
    memset(s.params, 0, sizeof(s.params));
    s.used = false;
    out->verdict = rs::LoginVerdict::kUnavailable;
    return;
  }
  Submit(i, caps_.session_manager, L::SessionManager::kLogin, len, kLoginTimeoutMs, 0,
         Step::kLogin);
  out->verdict = rs::LoginVerdict::kPending;
  out->session = Handle(i);
}

rs::BackendStatus IpcBackend::SessionInfo(rs::BackendSession session, rs::Summary* out) {
  Slot* s = Find(session);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  // The summary is fixed at login; liveness is the kernel's session cell
  // (a logout anywhere ends it). The cell is a kernel object: it answers
  // at once, so this stays a direct call.
  caprt::Result<bool> live = caprt::SessionLive(s->cell);
  if (!live.ok()) {
    return live.error() == abi::Error::kStaleSession ? rs::BackendStatus::kStale
                                                     : rs::BackendStatus::kUnavailable;
  }
  *out = s->summary;
  out->live = live.value();
  return out->live ? rs::BackendStatus::kOk : rs::BackendStatus::kStale;
}

rs::BackendStatus IpcBackend::SystemText(rs::BackendSession session, rs::SystemTextKind kind,
                                         rs::Completion*) {
  uint32_t i = 0;
  Slot* s = Find(session, &i);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  if (s->step != Step::kIdle) return rs::BackendStatus::kUnavailable;
  const bool motd = kind == rs::SystemTextKind::kMotd;
  s->done = rs::Completion();
  s->done.kind = rs::OpKind::kSystemText;
  s->motd = motd;
  Submit(i, caps_.system_info, motd ? L::SystemInfo::kMotd : L::SystemInfo::kBuildInfo, 0,
         kCallTimeoutMs, 0, Step::kText);
  return rs::BackendStatus::kPending;
}

rs::BackendStatus IpcBackend::StartChatWorker(rs::BackendSession session) {
  uint32_t i = 0;
  Slot* s = Find(session, &i);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  if (s->step != Step::kIdle) return rs::BackendStatus::kUnavailable;
  if (s->worker.running()) {
    // The core starts again only after a relay found the worker gone.
    log_.Printf("worker: chat-worker pid %u gone; starting another for event=%llu\n",
                s->worker.pid(), (unsigned long long)s->connection_event);
    s->worker.Discard();
  }
  char why[128] = {};
  uint32_t len = 0;
  rs::BackendStatus st = s->worker.PrepareLaunch(
      caps_.worker, s->cell, s->params, sizeof(s->params), &len, s->caps, why, sizeof(why));
  if (st != rs::BackendStatus::kOk) {
    log_.Printf("worker: start for event=%llu failed: %s\n",
                (unsigned long long)s->connection_event, why);
    return st;
  }
  Submit(i, caps_.worker.launcher, L::RestrictedLauncher::kLaunch, len, kLaunchTimeoutMs,
         kLaunchCaps, Step::kLaunch);
  return rs::BackendStatus::kPending;
}

rs::BackendStatus IpcBackend::CallChat(rs::BackendSession session, uint32_t call_tag,
                                       const rs::ChatRequest& request, rs::ChatReply*) {
  Slot* s = Find(session);
  if (s == nullptr || s->ending || !s->worker.running()) return rs::BackendStatus::kStale;
  // Asynchronous: the event loop hands the CQE back through relays().
  return relays_.Submit(s->worker.control(), session, s->connection_event, call_tag, request);
}

rs::BackendStatus IpcBackend::Logout(rs::BackendSession session, bool notify) {
  uint32_t i = 0;
  Slot* s = Find(session, &i);
  if (s == nullptr || s->ending) return rs::BackendStatus::kOk;
  s->ending = true;
  s->notify = notify;
  EndTerminals(i);     // shells go first: they act for the session
  SetReady(i, false);  // whatever was about to be delivered, nobody waits for it now
  // A step in flight (login, bundle, text, launch) tears down when it lands.
  if (s->step != Step::kIdle) return rs::BackendStatus::kPending;
  if (!s->live) {
    s->finished = true;
    MaybeFree(i);
    return rs::BackendStatus::kOk;
  }
  StartTeardown(i);
  return rs::BackendStatus::kPending;
}

uint64_t IpcBackend::Ready(uint32_t i) {
  SetReady(i, true);
  return slots_[i].connection_event;
}

void IpcBackend::SetReady(uint32_t i, bool ready) {
  if (slots_[i].ready == ready) return;
  slots_[i].ready = ready;
  ready ? ++ready_slots_ : --ready_slots_;
}

void IpcBackend::MaybeFree(uint32_t i) {
  Slot& s = slots_[i];
  if (!s.used || !s.finished || s.ready || s.step != Step::kIdle || s.live) return;
  s.used = false;
  s.done = rs::Completion();
}

bool IpcBackend::TakeCompletion(uint64_t event, rs::Completion* out) {
  for (uint32_t i = 0; i < kMaxSessions && ready_slots_ != 0; ++i) {
    Slot& s = slots_[i];
    if (!s.used || !s.ready || s.connection_event != event) continue;
    *out = s.done;
    SetReady(i, false);
    MaybeFree(i);
    return true;
  }
  return false;
}

void IpcBackend::Forget(uint64_t event) {
  for (uint32_t i = 0; i < kMaxSessions; ++i) {
    Slot& s = slots_[i];
    if (!s.used || s.connection_event != event) continue;
    SetReady(i, false);
    s.notify = false;
    MaybeFree(i);
  }
}

}  // namespace ipc_backend
