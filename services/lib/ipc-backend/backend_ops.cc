// IpcBackend's asynchronous half: one handler per CQE step (ipc_backend.h
// draws the chains). Each handler runs with the slot idle again; it either
// submits the next CALL, makes a Completion ready, or ends the slot.
#include <string.h>

#include <capnp/message.h>

#include "layout/authority.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/authority.capnp.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/remote-session/text.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
namespace S = capos::schema;

constexpr uint16_t kCallTimeoutMs = 5000;

void ReadSummary(S::SessionSummary::Reader r, rs::Summary* out) {
  rs::CopyText(r.getPrincipal(), out->principal, sizeof(out->principal));
  rs::CopyText(r.getProfile(), out->profile, sizeof(out->profile));
  out->principal_class = static_cast<rs::PrincipalClass>(r.getPrincipalClass());
  out->method = static_cast<rs::AuthMethod>(r.getAuthMethod());
  out->live = r.getLive();
}

caprt::Reply ReplyOf(const abi::Cqe& cqe) {
  caprt::Reply r;
  r.len = cqe.result_len;
  r.caps = static_cast<uint16_t>(cqe.aux);
  return r;
}

}  // namespace

uint64_t IpcBackend::OnOpCqe(const abi::Cqe& cqe) {
  if (ShellPool::Owns(cqe.user_data)) return OnShellCqe(cqe);
  uint32_t i = static_cast<uint32_t>(cqe.user_data & 0xff);
  if (i >= kMaxSessions) return 0;
  Slot& s = slots_[i];
  if (!s.used || s.step == Step::kIdle || cqe.user_data != OpTag(i)) return 0;
  calls_.Completed();  // the next queued op (any slot's) goes out
  Step step = s.step;
  s.step = Step::kIdle;
  uint64_t event = 0;
  switch (step) {
    case Step::kLogin:
      event = OnLogin(i, cqe);
      break;
    case Step::kBundle:
      event = OnBundle(i, cqe);
      break;
    case Step::kText:
      event = OnText(i, cqe);
      break;
    case Step::kLaunch:
      event = OnLaunch(i, cqe);
      break;
    case Step::kShutdown:
    case Step::kWait:
    case Step::kKill:
      event = OnStop(i, step, cqe);
      break;
    case Step::kLogout:
      event = OnLogout(i, cqe);
      break;
    case Step::kSvcLaunch:
      event = OnSvcLaunch(i, cqe);
      break;
    case Step::kSvcCompanion:
      event = OnSvcCompanion(i, cqe);
      break;
    case Step::kSvcShutdown:
    case Step::kSvcWait:
    case Step::kSvcKill:
      event = OnSvcStop(i, step, cqe);
      break;
    case Step::kIdle:
      break;
  }
  MaybeFree(i);
  return event;
}

uint64_t IpcBackend::OnLogin(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  // The password must not outlive the call in any buffer of ours.
  memset(s.params, 0, sizeof(s.params));
  rs::LoginOutcome& out = s.done.login;
  s.done = rs::Completion();
  s.done.kind = rs::OpKind::kLogin;
  out.verdict = rs::LoginVerdict::kUnavailable;
  uint16_t session_index = 0, cell_index = 0;
  if (cqe.status == 0) {
    caprt::Status d = caprt::DecodeRoot<S::SessionManager::LoginResults>(
        s.reply, cqe.result_len, [&](S::SessionManager::LoginResults::Reader res) {
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
    if (!d.ok()) out.verdict = rs::LoginVerdict::kUnavailable;
  }
  const char* outcome = "unavailable";
  if (out.verdict == rs::LoginVerdict::kOk) {
    caprt::Result<caprt::Cap> us = caprt::ReplyCap(s.reply, ReplyOf(cqe), session_index);
    caprt::Result<caprt::Cap> cell = caprt::ReplyCap(s.reply, ReplyOf(cqe), cell_index);
    if (us.ok() && cell.ok() && session_index != cell_index) {
      s.user_session = us.value();
      s.cell = cell.value();
      s.summary = out.summary;
      s.live = true;
      ++live_;
      outcome = "ok";
    } else {
      // A success without both caps is unusable.
      if (us.ok()) caprt::Release(us.value());
      if (cell.ok()) caprt::Release(cell.value());
      out = rs::LoginOutcome();
      out.verdict = rs::LoginVerdict::kUnavailable;
    }
  } else if (out.verdict == rs::LoginVerdict::kDenied ||
             out.verdict == rs::LoginVerdict::kBackoff) {
    outcome = "authDenied";
  } else if (out.verdict == rs::LoginVerdict::kBoundExceeded) {
    outcome = "boundExceeded";
  }
  // Source metadata and the connection event are the front end's own; the
  // precise denial reason is only in the authority's audit log.
  log_.Printf("audit: login event=%llu source=%llx method=%s outcome=%s\n",
              (unsigned long long)s.connection_event, (unsigned long long)s.source_id, s.method,
              outcome);
  if (s.ending || !s.live) {
    // Disconnected meanwhile: end what the login became. Or denied: done.
    if (s.live) {
      StartTeardown(i);
      return 0;
    }
    s.finished = true;
    return s.ending ? 0 : Ready(i);
  }
  capnp::MallocMessageBuilder b(64);
  b.initRoot<S::AuthorityBroker::RemoteClientBundleParams>().setProfile(s.summary.profile);
  caprt::Result<size_t> n = caprt::SerializeTo(b, s.params, sizeof(s.params));
  if (!n.ok()) {
    out = rs::LoginOutcome();
    out.verdict = rs::LoginVerdict::kUnavailable;
    s.ending = true;
    StartTeardown(i);
    return Ready(i);
  }
  Submit(i, caps_.broker, L::AuthorityBroker::kRemoteClientBundle, static_cast<uint32_t>(n.value()),
         kCallTimeoutMs, 0, Step::kBundle);
  return 0;
}

uint64_t IpcBackend::OnBundle(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  if (s.ending) {
    StartTeardown(i);
    return 0;
  }
  rs::LoginOutcome& out = s.done.login;
  bool too_many = false;
  caprt::Status d(abi::Error::kMalformedMessage);
  if (cqe.status == 0) {
    d = caprt::DecodeRoot<S::AuthorityBroker::RemoteClientBundleResults>(
        s.reply, cqe.result_len, [&](S::AuthorityBroker::RemoteClientBundleResults::Reader res) {
          auto entries = res.getEntries();
          too_many = entries.size() > rs::kMaxBundleEntries;
          for (uint32_t k = 0; k < entries.size() && k < rs::kMaxBundleEntries; ++k) {
            rs::BundleEntry& e = out.entries[k];
            rs::CopyText(entries[k].getName(), e.name, sizeof(e.name));
            e.kind = static_cast<rs::CapKind>(entries[k].getKind());
            e.interface_id = entries[k].getInterfaceId();
            e.rights = entries[k].getRights();
            out.entry_count = k + 1;
          }
        });
  }
  if (d.ok() && !too_many) {
    out.session = Handle(i);
    return Ready(i);
  }
  // An unknown profile or an unreadable bundle: the login fails (an empty
  // bundle never means "everything"), and the session it made is ended.
  out = rs::LoginOutcome();
  out.verdict = too_many ? rs::LoginVerdict::kBoundExceeded : rs::LoginVerdict::kUnavailable;
  s.ending = true;
  StartTeardown(i);
  return Ready(i);
}

uint64_t IpcBackend::OnText(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  if (s.ending) {
    StartTeardown(i);
    return 0;
  }
  rs::Completion& c = s.done;
  c.status = rs::BackendStatus::kUnavailable;
  if (cqe.status != 0) return Ready(i);
  auto take = [&](capnp::Text::Reader t) {
    rs::CopyText(t, c.text, sizeof(c.text));
    c.text_len = strlen(c.text);
  };
  caprt::Status d =
      s.motd ? caprt::DecodeRoot<S::SystemInfo::MotdResults>(
                   s.reply, cqe.result_len,
                   [&](S::SystemInfo::MotdResults::Reader res) { take(res.getText()); })
             : caprt::DecodeRoot<S::SystemInfo::BuildInfoResults>(
                   s.reply, cqe.result_len,
                   [&](S::SystemInfo::BuildInfoResults::Reader res) { take(res.getText()); });
  if (d.ok()) c.status = rs::BackendStatus::kOk;
  return Ready(i);
}

uint64_t IpcBackend::OnLaunch(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  char why[128] = {};
  rs::BackendStatus st = s.worker.FinishLaunch(cqe.status, s.reply, cqe.result_len,
                                               static_cast<uint16_t>(cqe.aux), why, sizeof(why));
  if (st == rs::BackendStatus::kOk) {
    log_.Printf("worker: chat-worker pid %u started for event=%llu (bound to its session)\n",
                s.worker.pid(), (unsigned long long)s.connection_event);
  } else {
    log_.Printf("worker: start for event=%llu failed: %s\n", (unsigned long long)s.connection_event,
                why);
  }
  if (s.ending) {
    StartTeardown(i);  // stops the worker it just got, if any
    return 0;
  }
  s.done = rs::Completion();
  s.done.kind = rs::OpKind::kWorkerStart;
  s.done.status = st;
  return Ready(i);
}

void IpcBackend::StartTeardown(uint32_t i) {
  Slot& s = slots_[i];
  if (!s.live) {
    s.finished = true;
    return;
  }
  // Queued relays would delay the shutdown behind them; the core answers
  // the cancelled ones staleSession when their CQEs come back.
  relays_.CancelSession(Handle(i));
  if (!s.worker.running()) {
    if (!StopNextService(i)) SubmitLogout(i);
    return;
  }
  Submit(i, s.worker.control(), L::ChatWorker::kShutdown, 0, kShutdownTimeoutMs, 0,
         Step::kShutdown);
}

uint64_t IpcBackend::OnStop(uint32_t i, Step step, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  if (step == Step::kShutdown && cqe.status == 0) {
    // The worker exits right after answering; a bounded wait confirms it.
    Submit(i, s.worker.handle(), L::ProcessHandle::kWait, 0, kShutdownTimeoutMs, 0, Step::kWait);
    return 0;
  }
  if (step != Step::kKill && cqe.status != 0) {
    Submit(i, s.worker.handle(), L::ProcessHandle::kKill, 0, kShutdownTimeoutMs, 0, Step::kKill);
    return 0;
  }
  log_.Printf("worker: chat-worker pid %u %s\n", s.worker.pid(),
              step == Step::kKill ? "killed (no graceful shutdown)" : "shut down");
  s.worker.Release();
  if (!StopNextService(i)) SubmitLogout(i);  // then each launched service
  return 0;
}

void IpcBackend::SubmitLogout(uint32_t i) {
  Submit(i, slots_[i].user_session, L::UserSession::kLogout, 0, kCallTimeoutMs, 0, Step::kLogout);
}

uint64_t IpcBackend::OnLogout(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  log_.Printf("audit: logout event=%llu outcome=%s\n", (unsigned long long)s.connection_event,
              cqe.status == 0 ? "ok" : caprt::ErrorName(caprt::ErrorFromStatus(cqe.status)));
  caprt::Release(s.user_session);
  caprt::Release(s.cell);
  s.user_session = s.cell = caprt::Cap{};
  s.live = false;
  --live_;
  s.finished = true;
  if (!s.notify) return 0;
  s.done = rs::Completion();
  s.done.kind = rs::OpKind::kLogout;
  return Ready(i);
}

}  // namespace ipc_backend
