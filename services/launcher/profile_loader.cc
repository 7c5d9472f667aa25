#include "services/launcher/profile_loader.h"

#include <stdio.h>
#include <string.h>

#include "libcaprt/capnp_glue.h"
#include "schema/boot_manifest.capnp.h"

namespace launcher {
namespace {

using Manifest = capos::schema::BootManifest;

Text FromCapnp(capnp::Text::Reader t) {
  return Text{t.begin(), t.size()};
}

}  // namespace

bool LoadPolicy(const void* bytes, size_t len, Policy* policy, char* why, size_t why_cap) {
  memset(policy, 0, sizeof(*policy));
  snprintf(why, why_cap, "ok");
  bool ok = true;
  caprt::DecodeResult r = caprt::Decode<Manifest>(bytes, len, [&](Manifest::Reader m) {
    auto profiles = m.getLauncherProfiles();
    if (profiles.size() > kMaxProfiles) {
      snprintf(why, why_cap, "%u profiles, at most %zu", profiles.size(), kMaxProfiles);
      ok = false;
      return;
    }
    uint32_t tracked = 0;
    for (auto p : profiles) {
      Profile* out = AddProfile(policy, FromCapnp(p.getName()), p.getHeapPages());
      if (out == nullptr) {
        snprintf(why, why_cap, "profile #%zu: bad or duplicate name", policy->count);
        ok = false;
        return;
      }
      // Each counted child costs the launcher a kept handle (a cap slot).
      const uint32_t max = p.getMaxInstances();
      tracked += max <= kMaxInstances ? max : 0;
      if (max > kMaxInstances || tracked > kMaxTracked) {
        snprintf(why, why_cap, "profile '%s': maxInstances %u (at most %u, %u in all profiles)",
                 out->name, max, kMaxInstances, kMaxTracked);
        ok = false;
        return;
      }
      out->max_instances = max;
      for (auto b : p.getBinaries()) {
        if (!AddBinary(out, FromCapnp(b))) {
          snprintf(why, why_cap, "profile '%s': bad, duplicate or too many binaries", out->name);
          ok = false;
          return;
        }
      }
      for (auto g : p.getGrants()) {
        if (!AddShape(out, FromCapnp(g.getName()), g.getInterfaceId())) {
          snprintf(why, why_cap, "profile '%s': bad, duplicate or too many grants", out->name);
          ok = false;
          return;
        }
      }
    }
  });
  if (!r.ok()) {
    snprintf(why, why_cap, "manifest does not decode: %s", r.detail);
    memset(policy, 0, sizeof(*policy));
    return false;
  }
  if (!ok) memset(policy, 0, sizeof(*policy));
  return ok;
}

}  // namespace launcher
