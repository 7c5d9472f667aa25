// IpcBackend's launched services, but for the launch itself
// (service_launch.cc): the catalog per session, status, stop (graceful
// shutdown, kill as fallback; companions go with the last session) and
// calls through the service's worker.
//
//   stop:     ServiceWorker.shutdown -> ProcessHandle.wait (kill if either
//             fails) -> companions killed if this was the last session
//
// Every refusal this side decides (unknown profile, class, quota, a grant
// it cannot supply) is decided before the launcher is called; the launcher
// decides the rest (binary, grant shapes, session, its instance limit)
// before it spawns anything. Each refusal is one audit line naming the rule.
#include <string.h>

#include "layout/kernel.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/ipc.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/remote-session/response.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;

}  // namespace

const caprt::Cap* IpcBackend::Source(const char* name) const {
  for (uint32_t k = 0; k < caps_.source_count; ++k) {
    if (!caps_.sources[k].client_facet && strcmp(caps_.sources[k].name, name) == 0)
      return &caps_.sources[k].cap;
  }
  return nullptr;
}

const caprt::Cap* IpcBackend::ClientFacet(uint64_t interface_id) const {
  for (uint32_t k = 0; k < caps_.source_count; ++k) {
    if (caps_.sources[k].client_facet && caps_.sources[k].cap.interface_id == interface_id)
      return &caps_.sources[k].cap;
  }
  return nullptr;
}

uint32_t IpcBackend::live_service_processes() const {
  uint32_t n = 0;
  for (const Slot& s : slots_) {
    for (const Run& r : s.runs) n += s.used && r.running ? 1 : 0;
  }
  for (const Shared& sh : shared_) n += sh.count;
  return n;
}

void IpcBackend::FillState(const Slot& s, uint32_t p, rs::ServiceInfo* out) const {
  const CatalogProfile& cp = caps_.catalog->profiles[p];
  *out = cp.info;
  bool running = s.runs[p].running;
  out->state = running ? rs::ServiceState::kRunning : rs::ServiceState::kNotRunning;
  out->processes = running ? 1 + shared_[p].count : 0;
  uint32_t cls = 1u << static_cast<uint32_t>(s.summary.principal_class);
  if ((cp.classes & cls) == 0) {
    out->unavailable = rs::LaunchDenial::kNotPermitted;
  } else if (!cp.supplied) {
    out->unavailable = rs::LaunchDenial::kSpawnFailed;
  }
}

rs::BackendStatus IpcBackend::ServiceCatalog(rs::BackendSession session,
                                             rs::ServiceCatalogView* out) {
  Slot* s = Find(session);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  out->count = caps_.catalog->count;
  for (uint32_t p = 0; p < out->count; ++p) FillState(*s, p, &out->services[p]);
  return rs::BackendStatus::kOk;
}

rs::BackendStatus IpcBackend::ServiceStatus(rs::BackendSession session, const char* profile,
                                            rs::ServiceInfo* out) {
  Slot* s = Find(session);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  int p = caps_.catalog->Find(profile);
  if (p < 0) return rs::BackendStatus::kLaunchDenied;
  FillState(*s, static_cast<uint32_t>(p), out);
  return rs::BackendStatus::kOk;
}

void IpcBackend::StopCompanions(uint32_t p) {
  Shared& sh = shared_[p];
  alignas(8) uint8_t small[64];
  // ProcessHandles are kernel objects: the kill answers at once.
  for (uint32_t k = 0; k < sh.count; ++k) {
    caprt::CallWith(sh.handles[k], L::ProcessHandle::kKill, nullptr, 0, small, sizeof(small));
    caprt::Release(sh.handles[k]);
  }
  if (sh.count != 0) {
    log_.Printf("service: %s companions stopped (%u; the last session left)\n",
                caps_.catalog->profiles[p].info.name, sh.count);
  }
  sh.count = 0;
}

rs::BackendStatus IpcBackend::ServiceStop(rs::BackendSession session, const char* profile,
                                          rs::Completion* out) {
  uint32_t i = 0;
  Slot* s = Find(session, &i);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  int p = caps_.catalog->Find(profile);
  if (p < 0 || !s->runs[p].running) {
    out->denial = p < 0 ? rs::LaunchDenial::kUnknownProfile : rs::LaunchDenial::kNotRunning;
    return rs::BackendStatus::kLaunchDenied;
  }
  if (s->step != Step::kIdle) return rs::BackendStatus::kUnavailable;
  s->svc = static_cast<uint8_t>(p);
  s->svc_teardown = false;
  SubmitSvcShutdown(i, static_cast<uint32_t>(p));
  return rs::BackendStatus::kPending;
}

void IpcBackend::SubmitSvcShutdown(uint32_t i, uint32_t p) {
  Submit(i, slots_[i].runs[p].worker.control(), L::ServiceWorker::kShutdown, 0, kShutdownTimeoutMs,
         0, Step::kSvcShutdown);
}

bool IpcBackend::StopNextService(uint32_t i) {
  Slot& s = slots_[i];
  for (uint32_t p = 0; p < rs::kMaxServices; ++p) {
    if (!s.runs[p].running) continue;
    s.svc = static_cast<uint8_t>(p);
    s.svc_teardown = true;
    SubmitSvcShutdown(i, p);
    return true;
  }
  return false;
}

uint64_t IpcBackend::OnSvcStop(uint32_t i, Step step, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  uint32_t p = s.svc;
  Run& run = s.runs[p];
  if (step == Step::kSvcShutdown && cqe.status == 0) {
    // The worker exits right after answering; a bounded wait confirms it.
    Submit(i, run.worker.handle(), L::ProcessHandle::kWait, 0, kShutdownTimeoutMs, 0,
           Step::kSvcWait);
    return 0;
  }
  if (step != Step::kSvcKill && cqe.status != 0) {
    Submit(i, run.worker.handle(), L::ProcessHandle::kKill, 0, kShutdownTimeoutMs, 0,
           Step::kSvcKill);
    return 0;
  }
  const CatalogProfile& cp = caps_.catalog->profiles[p];
  log_.Printf("service: %s worker pid %u %s\n", cp.info.name, run.worker.pid(),
              step == Step::kSvcKill ? "killed (no graceful shutdown)" : "shut down");
  run.worker.Release();
  run.running = false;
  if (CompanionCount(cp.info) != 0 && shared_[p].refs > 0 && --shared_[p].refs == 0)
    StopCompanions(p);
  if (s.svc_teardown || s.ending) {
    // Part of the teardown (or a logout came meanwhile): the next service,
    // then the logout.
    s.svc_teardown = false;
    if (!StopNextService(i)) SubmitLogout(i);
    return 0;
  }
  return SvcDone(i, rs::BackendStatus::kOk, rs::LaunchDenial::kNone);
}

uint64_t IpcBackend::SvcDone(uint32_t i, rs::BackendStatus st, rs::LaunchDenial denial) {
  Slot& s = slots_[i];
  bool stop = !s.runs[s.svc].running && st == rs::BackendStatus::kOk;
  s.done = rs::Completion();
  s.done.kind = stop ? rs::OpKind::kServiceStop : rs::OpKind::kServiceLaunch;
  s.done.status = st;
  s.done.denial = denial;
  FillState(s, s.svc, &s.done.service);
  return Ready(i);
}

rs::BackendStatus IpcBackend::CallService(rs::BackendSession session, uint32_t call_tag,
                                          const rs::ServiceCall& call) {
  Slot* s = Find(session);
  if (s == nullptr || s->ending || !s->live) return rs::BackendStatus::kStale;
  for (uint32_t p = 0; p < caps_.catalog->count; ++p) {
    if (!s->runs[p].running) continue;
    const rs::ServiceInfo& in = caps_.catalog->profiles[p].info;
    for (uint32_t e = 0; e < in.export_count; ++e) {
      if (in.exports[e].kind != call.kind) continue;
      return relays_.SubmitService(s->runs[p].worker.control(), session, s->connection_event,
                                   call_tag, call.method, call.params, call.params_len);
    }
  }
  return rs::BackendStatus::kUnavailable;
}

}  // namespace ipc_backend
