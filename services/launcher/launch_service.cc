#include "services/launcher/launch_service.h"

#include <stdio.h>
#include <string.h>

#include <capnp/message.h>

#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "schema/launcher.capnp.h"

namespace launcher {
namespace {

using Schema = capos::schema::RestrictedLauncher;

// The params, copied out of the message. A text longer than its buffer is
// kept as "too long" (the request is then malformed), never truncated into
// something that might match a profile.
struct Params {
  char profile[kNameMax], binary[kBinaryMax], name[abi::kProcNameMax];
  bool too_long = false;
  char grant_names[kMaxShapes][kNameMax];
  OfferedGrant grants[kMaxShapes];
  size_t grant_count = 0;
  bool too_many = false;
  int32_t session_index = -1;
};

Text Copy(capnp::Text::Reader t, char* out, size_t cap, bool* too_long) {
  if (t.size() >= cap) {
    *too_long = true;
    out[0] = '\0';
    return Text{out, 0};
  }
  memcpy(out, t.begin(), t.size());
  out[t.size()] = '\0';
  return Text{out, t.size()};
}

uint32_t Encode(capnp::MessageBuilder& b, uint8_t* out, uint32_t out_cap, abi::Error* status) {
  caprt::Result<size_t> n = caprt::SerializeTo(b, out, out_cap);
  if (!n.ok()) {
    *status = n.error();
    return 0;
  }
  return static_cast<uint32_t>(n.value());
}

Outcome Denied(Service& svc, Denial code, const char* message, abi::Error kernel_error,
               uint8_t* out, uint32_t out_cap) {
  ++svc.denied;
  svc.console.Printf("denied: %s: %s\n", DenialName(code), message);
  capnp::MallocMessageBuilder b;
  auto d = b.initRoot<Schema::LaunchResults>().initResult().initDenied();
  d.setCode(static_cast<Schema::DenialCode>(code));
  d.setMessage(message);
  d.setKernelError(static_cast<uint16_t>(kernel_error));
  Outcome o;
  o.len = Encode(b, out, out_cap, &o.status);
  return o;
}

// The profile's running children: each kept handle's status is asked, and
// the handles of ended children are released. A status that cannot be read
// counts as running: an error must never open the quota.
uint32_t LiveChildren(Service& svc, size_t profile) {
  return svc.instances.Refresh(
      profile,
      [&](const caprt::Cap& h) {
        caprt::Result<bool> running = caprt::ProcessHandle(h).Running();
        if (!running.ok()) {
          svc.console.Printf("launcher: a child's status is unknown (%s); counted as running\n",
                             caprt::ErrorName(running.error()));
        }
        return running.ok() && !running.value();
      },
      [](const caprt::Cap& h) { caprt::Release(h); });
}

}  // namespace

Outcome HandleLaunch(Service& svc, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap) {
  static Params p;
  p = Params{};
  Request req{};
  caprt::Status decoded = caprt::DecodeRoot<Schema::LaunchParams>(
      in.params, in.params_len, [&](Schema::LaunchParams::Reader r) {
        req.profile = Copy(r.getProfile(), p.profile, sizeof(p.profile), &p.too_long);
        req.binary = Copy(r.getBinary(), p.binary, sizeof(p.binary), &p.too_long);
        req.name = Copy(r.getName(), p.name, sizeof(p.name), &p.too_long);
        auto grants = r.getGrants();
        p.too_many = grants.size() > kMaxShapes;
        for (uint32_t i = 0; i < grants.size() && i < kMaxShapes; ++i) {
          p.grants[i].name =
              Copy(grants[i].getName(), p.grant_names[i], sizeof(p.grant_names[i]), &p.too_long);
          p.grants[i].cap_index = grants[i].getCapIndex();
          ++p.grant_count;
        }
        p.session_index = r.getSessionCap();
      });
  if (!decoded.ok()) {
    ++svc.denied;
    svc.console.Printf("refused: launch params do not decode\n");
    Outcome o;
    o.status = abi::Error::kMalformedMessage;
    return o;
  }
  if (p.too_long || p.too_many) {
    return Denied(svc, Denial::kMalformedRequest,
                  p.too_many ? "more grants than a spawn carries" : "a name is too long",
                  abi::Error::kOk, out, out_cap);
  }
  uint64_t sent[abi::kMaxTransferCaps] = {};
  for (uint16_t i = 0; i < in.caps_count && i < abi::kMaxTransferCaps; ++i) {
    sent[i] = in.caps[i].interface_id;
  }
  req.grants = p.grants;
  req.grant_count = p.grant_count;
  req.sent_interfaces = sent;
  req.sent_count = in.caps_count < abi::kMaxTransferCaps ? in.caps_count : abi::kMaxTransferCaps;
  req.session_index = p.session_index;
  Decision d = Decide(*svc.policy, req);
  if (!d.allowed) return Denied(svc, d.denial, d.message, abi::Error::kOk, out, out_cap);

  caprt::Cap session;
  if (p.session_index >= 0) {
    session = in.cap(static_cast<uint16_t>(p.session_index)).value();
    caprt::Result<bool> live = caprt::SessionLive(session);
    if (!live.ok() || !live.value()) {
      return Denied(svc, Denial::kStaleSession,
                    live.ok() ? "session is logged out" : "session cap cannot be queried",
                    live.ok() ? abi::Error::kOk : live.error(), out, out_cap);
    }
  }
  // After every other check, so a denied request never costs kernel calls
  // on the kept handles; still before anything is spawned.
  const size_t index = static_cast<size_t>(d.profile - svc.policy->profiles);
  const bool limited = d.profile->max_instances > 0;
  if (limited) {
    Decision q = CheckQuota(*d.profile, LiveChildren(svc, index));
    if (!q.allowed) return Denied(svc, q.denial, q.message, abi::Error::kOk, out, out_cap);
  }
  caprt::SpawnGrant grants[kMaxShapes];
  for (size_t i = 0; i < p.grant_count; ++i) {
    grants[i] = {p.grant_names[i], in.cap(static_cast<uint16_t>(p.grants[i].cap_index)).value()};
  }
  caprt::Result<caprt::Spawned> child =
      svc.spawner.Spawn(p.name, p.binary, grants, p.grant_count, d.profile->heap_pages,
                        p.session_index >= 0 ? &session : nullptr);
  if (!child.ok()) {
    Denial code =
        child.error() == abi::Error::kStaleSession ? Denial::kStaleSession : Denial::kSpawnFailed;
    char why[kMessageMax];
    snprintf(why, sizeof(why), "%s; the kernel refused the spawn: %s", d.message,
             caprt::ErrorName(child.error()));
    return Denied(svc, code, why, child.error(), out, out_cap);
  }
  ++svc.launched;
  svc.console.Printf("launched pid %u: %s%s\n", child.value().pid, d.message,
                     p.session_index >= 0 ? " (session-bound)" : "");
  capnp::MallocMessageBuilder b;
  auto l = b.initRoot<Schema::LaunchResults>().initResult().initLaunched();
  l.setPid(child.value().pid);
  l.setHandleCap(0);
  Outcome o;
  o.len = Encode(b, out, out_cap, &o.status);
  o.launched = true;
  o.handle = child.value().handle;
  o.keep = limited;
  o.profile = index;
  return o;
}

void Settle(Service& svc, const Outcome& o, bool delivered) {
  if (!o.launched) return;
  if (!delivered) {
    svc.console.Printf("launcher: the launch reply was not delivered; killing the child\n");
    caprt::ProcessHandle(o.handle).Kill();
    caprt::Release(o.handle);
    return;
  }
  // CheckQuota left room in the row (max_instances <= kMaxInstances), so this
  // only fails if that invariant broke; the child then runs uncounted.
  if (o.keep && !svc.instances.Add(o.profile, o.handle)) {
    svc.console.Printf("launcher: FIXME: no room to count a child of '%s'\n",
                       svc.policy->profiles[o.profile].name);
    caprt::Release(o.handle);
  }
}

uint32_t ReleaseEnded(Service& svc) {
  uint32_t kept = 0;
  for (size_t p = 0; p < svc.policy->count; ++p) kept += LiveChildren(svc, p);
  return kept;
}

}  // namespace launcher
