#include "services/gateway/ipc_backend.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/authority.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/authority.capnp.h"

namespace gateway {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
namespace S = capos::schema;

// Login runs PBKDF2 in the authority: allow for it, but bounded.
constexpr uint16_t kLoginTimeoutMs = 15000;
constexpr uint16_t kCallTimeoutMs = 5000;

alignas(8) uint8_t params_buf[1024];
alignas(8) uint8_t reply_buf[8192];

const char* const kMethodNames[] = {"password", "guest", "anonymous"};

void CopyText(capnp::Text::Reader t, char* out, size_t cap) {
  size_t n = t.size() < cap - 1 ? t.size() : cap - 1;
  memcpy(out, t.begin(), n);
  out[n] = '\0';
}

void ReadSummary(S::SessionSummary::Reader r, rs::Summary* out) {
  CopyText(r.getPrincipal(), out->principal, sizeof(out->principal));
  CopyText(r.getProfile(), out->profile, sizeof(out->profile));
  out->principal_class = static_cast<rs::PrincipalClass>(r.getPrincipalClass());
  out->method = static_cast<rs::AuthMethod>(r.getAuthMethod());
  out->live = r.getLive();
}

// A call whose reply is decoded into the shared reply buffer.
caprt::Result<caprt::Reply> Call(const caprt::Cap& cap, uint16_t method, capnp::MessageBuilder* b,
                                 uint16_t timeout_ms) {
  uint32_t len = 0;
  if (b != nullptr) {
    caprt::Result<size_t> n = caprt::SerializeTo(*b, params_buf, sizeof(params_buf));
    if (!n.ok()) return n.error();
    len = static_cast<uint32_t>(n.value());
  }
  caprt::CallOptions o;
  o.timeout_ms = timeout_ms;
  return caprt::CallWith(cap, method, params_buf, len, reply_buf, sizeof(reply_buf), o);
}

rs::BackendStatus FromError(abi::Error e) {
  return e == abi::Error::kStaleSession ? rs::BackendStatus::kStale
                                        : rs::BackendStatus::kUnavailable;
}

}  // namespace

IpcBackend::Slot* IpcBackend::Find(rs::BackendSession session) {
  uint32_t index = static_cast<uint32_t>(session & 0xffff);
  uint32_t generation = static_cast<uint32_t>(session >> 16);
  if (index == 0 || index > kMaxSessions) return nullptr;
  Slot& s = slots_[index - 1];
  return s.used && s.generation == generation ? &s : nullptr;
}

uint32_t IpcBackend::live_workers() const {
  uint32_t n = 0;
  for (const Slot& s : slots_) n += s.used && s.worker.running() ? 1 : 0;
  return n;
}

rs::LoginOutcome IpcBackend::Login(const rs::LoginRequest& req) {
  rs::LoginOutcome out;
  uint32_t free_index = 0;
  while (free_index < kMaxSessions && slots_[free_index].used) ++free_index;
  const char* method = kMethodNames[static_cast<uint8_t>(req.method) % 3];
  if (free_index == kMaxSessions) {
    log_.Printf("audit: login event=%llu source=%llx method=%s outcome=boundExceeded\n",
                (unsigned long long)req.source.connection_event,
                (unsigned long long)req.source.source_id, method);
    out.verdict = rs::LoginVerdict::kBoundExceeded;
    return out;
  }
  caprt::Result<caprt::Reply> r(abi::Error::kMalformedMessage);
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
    r = Call(caps_.session_manager, L::SessionManager::kLogin, &b, kLoginTimeoutMs);
    // The password must not outlive the call in any buffer of ours.
    for (auto seg : b.getSegmentsForOutput()) {
      memset(const_cast<capnp::word*>(seg.begin()), 0, seg.size() * sizeof(capnp::word));
    }
    memset(params_buf, 0, sizeof(params_buf));
  }
  const char* outcome = "unavailable";
  out.verdict = rs::LoginVerdict::kUnavailable;
  uint16_t session_index = 0, cell_index = 0;
  if (r.ok()) {
    caprt::Status s = caprt::DecodeRoot<S::SessionManager::LoginResults>(
        reply_buf, r.value().len, [&](S::SessionManager::LoginResults::Reader res) {
          auto result = res.getResult();
          if (result.isOk()) {
            ReadSummary(result.getOk().getSummary(), &out.summary);
            session_index = result.getOk().getSessionCap();
            cell_index = result.getOk().getCellCap();
            out.verdict = rs::LoginVerdict::kOk;
            return;
          }
          switch (result.getDenied().getCode()) {
            case S::Denial::Code::BACKOFF:
              out.verdict = rs::LoginVerdict::kBackoff;
              break;
            case S::Denial::Code::BOUND_EXCEEDED:
              out.verdict = rs::LoginVerdict::kBoundExceeded;
              break;
            default:
              out.verdict = rs::LoginVerdict::kDenied;
          }
        });
    if (!s.ok()) out.verdict = rs::LoginVerdict::kUnavailable;
  }
  if (out.verdict == rs::LoginVerdict::kOk) {
    caprt::Result<caprt::Cap> us = caprt::ReplyCap(reply_buf, r.value(), session_index);
    caprt::Result<caprt::Cap> cell = caprt::ReplyCap(reply_buf, r.value(), cell_index);
    if (!us.ok() || !cell.ok() || session_index == cell_index) {
      // A success without both caps is unusable: log it out if we can.
      if (us.ok()) {
        Call(us.value(), L::UserSession::kLogout, nullptr, kCallTimeoutMs);
        caprt::Release(us.value());
      }
      if (cell.ok()) caprt::Release(cell.value());
      out = rs::LoginOutcome{};
      out.verdict = rs::LoginVerdict::kUnavailable;
    } else {
      Slot& slot = slots_[free_index];
      slot.used = true;
      slot.generation = (slot.generation + 1) & 0xffffff;
      slot.connection_event = req.source.connection_event;
      slot.user_session = us.value();
      slot.cell = cell.value();
      slot.summary = out.summary;
      ++live_;
      out.session = (uint64_t(slot.generation) << 16) | (free_index + 1);
      outcome = "ok";
    }
  } else if (out.verdict == rs::LoginVerdict::kDenied ||
             out.verdict == rs::LoginVerdict::kBackoff) {
    outcome = "authDenied";
  } else if (out.verdict == rs::LoginVerdict::kBoundExceeded) {
    outcome = "boundExceeded";
  }
  // Source metadata and the connection event are the gateway's own; the
  // precise denial reason is only in the authority's audit log.
  log_.Printf("audit: login event=%llu source=%llx method=%s outcome=%s\n",
              (unsigned long long)req.source.connection_event,
              (unsigned long long)req.source.source_id, method, outcome);
  return out;
}

rs::BackendStatus IpcBackend::SessionInfo(rs::BackendSession session, rs::Summary* out) {
  Slot* s = Find(session);
  if (s == nullptr) return rs::BackendStatus::kStale;
  // The summary is fixed at login; liveness is the kernel's session cell
  // (a logout anywhere ends it), asked directly rather than through a
  // round trip to the authority's UserSession.info.
  caprt::Result<bool> live = caprt::SessionLive(s->cell);
  if (!live.ok()) return FromError(live.error());
  *out = s->summary;
  out->live = live.value();
  return out->live ? rs::BackendStatus::kOk : rs::BackendStatus::kStale;
}

rs::BackendStatus IpcBackend::Bundle(rs::BackendSession session, const char* profile,
                                     rs::BundleEntry* out, uint32_t capacity, uint32_t* count) {
  *count = 0;
  if (Find(session) == nullptr) return rs::BackendStatus::kStale;
  capnp::MallocMessageBuilder b(64);
  b.initRoot<S::AuthorityBroker::RemoteClientBundleParams>().setProfile(profile);
  caprt::Result<caprt::Reply> r =
      Call(caps_.broker, L::AuthorityBroker::kRemoteClientBundle, &b, kCallTimeoutMs);
  if (!r.ok()) return rs::BackendStatus::kUnavailable;
  bool too_many = false;
  caprt::Status d = caprt::DecodeRoot<S::AuthorityBroker::RemoteClientBundleResults>(
      reply_buf, r.value().len, [&](S::AuthorityBroker::RemoteClientBundleResults::Reader res) {
        auto entries = res.getEntries();
        too_many = entries.size() > capacity;
        for (uint32_t i = 0; i < entries.size() && i < capacity; ++i) {
          rs::BundleEntry& e = out[i];
          CopyText(entries[i].getName(), e.name, sizeof(e.name));
          e.kind = static_cast<rs::CapKind>(entries[i].getKind());
          e.interface_id = entries[i].getInterfaceId();
          e.rights = entries[i].getRights();
          *count = i + 1;
        }
      });
  if (!d.ok()) {
    *count = 0;
    return rs::BackendStatus::kUnavailable;
  }
  return too_many ? rs::BackendStatus::kBoundExceeded : rs::BackendStatus::kOk;
}

rs::BackendStatus IpcBackend::SystemText(rs::BackendSession session, rs::SystemTextKind kind,
                                         char* out, size_t capacity, size_t* len) {
  *len = 0;
  if (capacity > 0) out[0] = '\0';
  if (Find(session) == nullptr) return rs::BackendStatus::kStale;
  const bool motd = kind == rs::SystemTextKind::kMotd;
  caprt::Result<caprt::Reply> r =
      Call(caps_.system_info, motd ? L::SystemInfo::kMotd : L::SystemInfo::kBuildInfo, nullptr,
           kCallTimeoutMs);
  if (!r.ok() || capacity == 0) return rs::BackendStatus::kUnavailable;
  auto take = [&](capnp::Text::Reader t) {
    CopyText(t, out, capacity);
    *len = strlen(out);
  };
  caprt::Status d =
      motd ? caprt::DecodeRoot<S::SystemInfo::MotdResults>(
                 reply_buf, r.value().len,
                 [&](S::SystemInfo::MotdResults::Reader res) { take(res.getText()); })
           : caprt::DecodeRoot<S::SystemInfo::BuildInfoResults>(
                 reply_buf, r.value().len,
                 [&](S::SystemInfo::BuildInfoResults::Reader res) { take(res.getText()); });
  return d.ok() ? rs::BackendStatus::kOk : rs::BackendStatus::kUnavailable;
}

rs::BackendStatus IpcBackend::StartChatWorker(rs::BackendSession session) {
  Slot* s = Find(session);
  if (s == nullptr) return rs::BackendStatus::kStale;
  char why[128] = {};
  rs::BackendStatus st = s->worker.Start(caps_.worker, s->cell, why, sizeof(why));
  if (st == rs::BackendStatus::kOk) {
    log_.Printf("worker: chat-worker pid %u started for event=%llu (bound to its session)\n",
                s->worker.pid(), (unsigned long long)s->connection_event);
  } else {
    log_.Printf("worker: start for event=%llu failed: %s\n",
                (unsigned long long)s->connection_event, why);
  }
  return st;
}

rs::BackendStatus IpcBackend::CallChat(rs::BackendSession session, uint32_t call_tag,
                                       const rs::ChatRequest& request, rs::ChatReply*) {
  Slot* s = Find(session);
  if (s == nullptr || !s->worker.running()) return rs::BackendStatus::kStale;
  // Asynchronous: the event loop hands the CQE back through relays().
  return relays_.Submit(s->worker.control(), session, s->connection_event, call_tag, request);
}

void IpcBackend::StopChatWorker(rs::BackendSession session) {
  Slot* s = Find(session);
  if (s == nullptr || !s->worker.running()) return;
  // Queued relays would delay the shutdown behind them; the core answers
  // the cancelled ones staleSession when their CQEs come back.
  relays_.CancelSession(session);
  uint32_t pid = s->worker.pid();
  bool killed = s->worker.Stop();
  log_.Printf("worker: chat-worker pid %u %s\n", pid,
              killed ? "killed (no graceful shutdown)" : "shut down");
}

void IpcBackend::Logout(rs::BackendSession session) {
  Slot* s = Find(session);
  if (s == nullptr) return;
  if (s->worker.running()) StopChatWorker(session);
  caprt::Result<caprt::Reply> r =
      Call(s->user_session, L::UserSession::kLogout, nullptr, kCallTimeoutMs);
  log_.Printf("audit: logout event=%llu outcome=%s\n", (unsigned long long)s->connection_event,
              r.ok() ? "ok" : caprt::ErrorName(r.error()));
  caprt::Release(s->user_session);
  caprt::Release(s->cell);
  s->used = false;
  s->user_session = s->cell = caprt::Cap{};
  --live_;
}

}  // namespace gateway
