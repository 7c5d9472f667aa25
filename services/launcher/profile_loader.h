// Reads the launcher profiles of a compiled boot manifest
// (BootManifest.launcherProfiles, schema/boot_manifest.capnp) into a
// launcher::Policy. Builds for the guest and the host (tests).
#pragma once

#include <stddef.h>

#include "services/launcher/launch_policy.h"

namespace launcher {

// Fills `policy` (cleared first) from the manifest message in bytes[0, len).
// False, with the reason in why[0, why_cap), if the message does not decode
// or a profile breaks a bound (too many profiles, binaries or grants, a name
// that is empty, too long or duplicated, maxInstances above kMaxInstances or
// adding up to more than kMaxTracked): the launcher then refuses to serve
// rather than run a policy that differs from the manifest.
bool LoadPolicy(const void* bytes, size_t len, Policy* policy, char* why, size_t why_cap);

}  // namespace launcher
