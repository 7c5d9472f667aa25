// IpcBackend's service launches: a session's worker through the restricted
// launcher, bound to the session, then (with the first session that runs
// the profile) its shared companions; each refusal one audit line naming
// the rule. Stop, status and calls are in service_ops.cc.
//
//   launch:   RestrictedLauncher.launch(worker) -> [launch(companion)...]
#include <string.h>

#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/launcher.capnp.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/remote-session/response.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
using Launcher = capos::schema::RestrictedLauncher;

// RestrictedLauncher.DenialCode -> the remote client's LaunchDenial.
rs::LaunchDenial FromLauncher(int code) {
  switch (static_cast<Launcher::DenialCode>(code)) {
    case Launcher::DenialCode::UNKNOWN_PROFILE:
      return rs::LaunchDenial::kUnknownProfile;
    case Launcher::DenialCode::DISALLOWED_BINARY:
      return rs::LaunchDenial::kDisallowedBinary;
    case Launcher::DenialCode::MISSING_GRANT:
      return rs::LaunchDenial::kMissingGrant;
    case Launcher::DenialCode::UNEXPECTED_GRANT:
    case Launcher::DenialCode::MALFORMED_REQUEST:
      return rs::LaunchDenial::kUnexpectedGrant;
    case Launcher::DenialCode::WRONG_INTERFACE:
      return rs::LaunchDenial::kWrongInterface;
    case Launcher::DenialCode::STALE_SESSION:
      return rs::LaunchDenial::kStaleSession;
    case Launcher::DenialCode::QUOTA_EXCEEDED:
      return rs::LaunchDenial::kSystemQuota;
    case Launcher::DenialCode::SPAWN_FAILED:
      return rs::LaunchDenial::kSpawnFailed;
  }
  return rs::LaunchDenial::kSpawnFailed;
}

}  // namespace

rs::BackendStatus IpcBackend::ServiceLaunch(rs::BackendSession session,
                                            const rs::LaunchRequest& req, rs::Completion* out) {
  uint32_t i = 0;
  Slot* s = Find(session, &i);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  auto deny = [&](rs::LaunchDenial d) {
    log_.Printf("audit: launch event=%llu profile=%s outcome=%s\n",
                (unsigned long long)s->connection_event, req.profile, rs::LaunchDenialName(d));
    out->denial = d;
    return rs::BackendStatus::kLaunchDenied;
  };
  if (!req.has_runner) return deny(rs::LaunchDenial::kNotPermitted);
  int found = caps_.catalog->Find(req.profile);
  if (found < 0) return deny(rs::LaunchDenial::kUnknownProfile);
  uint32_t p = static_cast<uint32_t>(found);
  const CatalogProfile& cp = caps_.catalog->profiles[p];
  FillState(*s, p, &out->service);
  if (out->service.unavailable != rs::LaunchDenial::kNone) return deny(out->service.unavailable);
  if (s->runs[p].running) return deny(rs::LaunchDenial::kSessionQuota);
  if (s->step != Step::kIdle) return rs::BackendStatus::kUnavailable;

  // The worker's grants: backend-held ones from the front end's own, by name;
  // the client's facets by the interface the client names (the launcher
  // then checks every shape against the kernel's descriptors).
  LaunchGrant grants[kMaxLaunchCaps - 2];
  uint32_t n = 0;
  const char* control_name = "";
  uint64_t control_iface = 0;
  for (uint32_t g = 0; g < cp.info.grant_count; ++g) {
    const rs::ServiceGrant& shape = cp.info.grants[g];
    if (shape.holder == rs::GrantHolder::kServiceOwned) {
      control_name = shape.name;
      control_iface = shape.interface_id;
    } else if (shape.holder == rs::GrantHolder::kBackendHeld) {
      const caprt::Cap* cap = Source(shape.name);
      if (cap == nullptr || n == kMaxLaunchCaps - 2) return deny(rs::LaunchDenial::kSpawnFailed);
      grants[n++] = {shape.name, *cap, abi::kRightsAll, abi::TransferMode::kCopy};
    }
  }
  for (uint32_t g = 0; g < req.grant_count; ++g) {
    const caprt::Cap* cap = ClientFacet(req.grants[g].interface_id);
    if (cap == nullptr || n == kMaxLaunchCaps - 2) return deny(rs::LaunchDenial::kUnexpectedGrant);
    // The service may call its facet and pass nothing else on.
    grants[n++] = {req.grants[g].name, *cap, abi::kRightCall | abi::kRightTransfer,
                   abi::TransferMode::kCopy};
  }
  if (control_iface == 0) return deny(rs::LaunchDenial::kSpawnFailed);
  LaunchSpec spec{cp.worker_profile,
                  req.binary[0] != 0 ? req.binary : cp.info.worker_binary,
                  cp.info.worker_binary,
                  grants,
                  n,
                  control_name,
                  control_iface,
                  &s->cell};
  char why[128] = {};
  uint32_t len = 0;
  uint16_t count = 0;
  rs::BackendStatus st =
      s->runs[p].worker.PrepareService(caps_.worker.factory, spec, s->params, sizeof(s->params),
                                       &len, s->caps, &count, why, sizeof(why));
  if (st != rs::BackendStatus::kOk) {
    log_.Printf("service: %s launch for event=%llu failed: %s\n", req.profile,
                (unsigned long long)s->connection_event, why);
    return st;
  }
  s->svc = static_cast<uint8_t>(p);
  Submit(i, caps_.worker.launcher, L::RestrictedLauncher::kLaunch, len, kLaunchTimeoutMs, count,
         Step::kSvcLaunch);
  return rs::BackendStatus::kPending;
}

uint64_t IpcBackend::OnSvcLaunch(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  uint32_t p = s.svc;
  const CatalogProfile& cp = caps_.catalog->profiles[p];
  Run& run = s.runs[p];
  char why[128] = {};
  rs::BackendStatus st = run.worker.FinishLaunch(cqe.status, s.reply, cqe.result_len,
                                                 static_cast<uint16_t>(cqe.aux), why, sizeof(why));
  if (st != rs::BackendStatus::kOk) {
    int code = run.worker.last_denial();
    rs::LaunchDenial d = code >= 0 ? FromLauncher(code) : rs::LaunchDenial::kNone;
    log_.Printf("audit: launch event=%llu profile=%s outcome=%s (%s)\n",
                (unsigned long long)s.connection_event, cp.info.name,
                d != rs::LaunchDenial::kNone ? rs::LaunchDenialName(d) : "unavailable", why);
    if (s.ending) {
      StartTeardown(i);
      return 0;
    }
    if (d != rs::LaunchDenial::kNone) return SvcDone(i, rs::BackendStatus::kLaunchDenied, d);
    return SvcDone(i, st == rs::BackendStatus::kStale ? st : rs::BackendStatus::kUnavailable,
                   rs::LaunchDenial::kNone);
  }
  run.running = true;
  log_.Printf("audit: launch event=%llu profile=%s outcome=ok (worker pid %u, session-bound)\n",
              (unsigned long long)s.connection_event, cp.info.name, run.worker.pid());
  bool first = CompanionCount(cp.info) != 0 && shared_[p].refs++ == 0;
  if (s.ending) {
    StartTeardown(i);
    return 0;
  }
  if (!first) return SvcDone(i, rs::BackendStatus::kOk, rs::LaunchDenial::kNone);
  s.companion = 0;
  return NextCompanion(i);
}

uint64_t IpcBackend::NextCompanion(uint32_t i) {
  Slot& s = slots_[i];
  uint32_t p = s.svc;
  const CatalogProfile& cp = caps_.catalog->profiles[p];
  // The k-th process of the set: companion entry c, one of its count.
  for (;; ++s.companion) {
    uint32_t k = s.companion, c = 0;
    while (c < cp.info.companion_count && k >= cp.info.companions[c].count) {
      k -= cp.info.companions[c].count;
      ++c;
    }
    if (c == cp.info.companion_count)
      return SvcDone(i, rs::BackendStatus::kOk, rs::LaunchDenial::kNone);
    const CatalogCompanion& cc = cp.companions[c];
    LaunchGrant grants[kMaxCompanionGrants];
    uint32_t n = 0;
    bool missing = false;
    for (uint32_t g = 0; g < cc.grant_count; ++g) {
      const caprt::Cap* cap = Source(cc.grants[g]);
      if (cap == nullptr) missing = true;
      if (cap != nullptr)
        grants[n++] = {cc.grants[g], *cap, abi::kRightsAll, abi::TransferMode::kCopy};
    }
    LaunchSpec spec{cc.launcher_profile,
                    cp.info.companions[c].binary,
                    cp.info.companions[c].binary,
                    grants,
                    n,
                    "",
                    0,
                    nullptr};
    uint32_t len = missing ? 0 : EncodeLaunch(spec, "", s.params, sizeof(s.params));
    if (len == 0) {
      log_.Printf("service: %s companion %s not started: %s\n", cp.info.name, spec.binary,
                  missing ? "a grant it needs is not the front end's" : "params do not fit");
      continue;
    }
    for (uint32_t g = 0; g < n; ++g) s.caps[g] = caprt::Send(grants[g].cap);
    Submit(i, caps_.worker.launcher, L::RestrictedLauncher::kLaunch, len, kLaunchTimeoutMs,
           static_cast<uint16_t>(n), Step::kSvcCompanion);
    return 0;
  }
}

uint64_t IpcBackend::OnSvcCompanion(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  uint32_t p = s.svc;
  Shared& sh = shared_[p];
  bool launched = false;
  uint16_t handle_index = 0;
  uint32_t pid = 0;
  if (cqe.status == 0) {
    caprt::DecodeRoot<Launcher::LaunchResults>(
        s.reply, cqe.result_len, [&](Launcher::LaunchResults::Reader r) {
          if (!r.getResult().isLaunched()) return;
          launched = true;
          pid = r.getResult().getLaunched().getPid();
          handle_index = r.getResult().getLaunched().getHandleCap();
        });
  }
  caprt::Reply reply;
  reply.len = cqe.result_len;
  reply.caps = static_cast<uint16_t>(cqe.aux);
  caprt::Result<caprt::Cap> handle = launched
                                         ? caprt::ReplyCap(s.reply, reply, handle_index)
                                         : caprt::Result<caprt::Cap>(abi::Error::kMalformedMessage);
  const char* name = caps_.catalog->profiles[p].info.name;
  if (handle.ok() && sh.count < sizeof(sh.handles) / sizeof(sh.handles[0])) {
    sh.handles[sh.count++] = handle.value();
    log_.Printf("service: %s companion pid %u started (shared)\n", name, pid);
  } else {
    if (handle.ok()) caprt::Release(handle.value());
    log_.Printf("service: %s companion not started\n", name);
  }
  ++s.companion;
  if (s.ending) {
    StartTeardown(i);
    return 0;
  }
  return NextCompanion(i);
}

}  // namespace ipc_backend
