// The restricted launcher's decision: may this launch request start a
// process, and under which profile? Pure logic over plain data, so it builds
// for the host (tests, fuzzing) and the guest alike; no kernel calls here.
//
// Everything a request carries is hostile: names are length-delimited views
// (not NUL-terminated) and cap indices may point anywhere.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel-abi/boot_package.h"

namespace launcher {

inline constexpr size_t kMaxProfiles = 16;
inline constexpr size_t kMaxBinaries = 16;
// One spawn carries at most kMaxTransferCaps caps; one is kept for the session.
inline constexpr size_t kMaxShapes = abi::kMaxTransferCaps - 1;
inline constexpr size_t kNameMax = abi::kCapNameMax;        // with the NUL
inline constexpr size_t kBinaryMax = abi::kBootPkgNameMax;  // with the NUL
inline constexpr size_t kMessageMax = 192;
// Live children of one profile (BootManifest LauncherProfile.maxInstances),
// and of all limited profiles together: the launcher keeps a handle per
// counted child, and its cap table (abi::kCapTableSlots) must hold them all
// beside its own caps and one call's transfers.
inline constexpr uint32_t kMaxInstances = 64;
inline constexpr uint32_t kMaxTracked = 128;
static_assert(kMaxTracked + 2 * abi::kMaxTransferCaps + 8 <= abi::kCapTableSlots);

// A length-delimited string view; `data` may be null when `size` is 0.
struct Text {
  const char* data = nullptr;
  size_t size = 0;
};
Text Str(const char* nul_terminated);

struct GrantShape {
  char name[kNameMax];
  uint64_t interface_id;
};

struct Profile {
  char name[kNameMax];
  char binaries[kMaxBinaries][kBinaryMax];
  size_t binary_count;
  GrantShape shapes[kMaxShapes];
  size_t shape_count;
  uint32_t heap_pages;
  uint32_t max_instances;  // 0: no limit
};

// The launcher's whole policy, filled once from the boot manifest.
struct Policy {
  Profile profiles[kMaxProfiles];
  size_t count;
};

// Building the policy; each returns false (and changes nothing) when a bound
// is hit, the name is empty or too long, or the name is already present.
Profile* AddProfile(Policy* policy, Text name, uint32_t heap_pages);
bool AddBinary(Profile* profile, Text binary);
bool AddShape(Profile* profile, Text name, uint64_t interface_id);

// One grant of a request: the child sees sent cap `cap_index` as `name`.
struct OfferedGrant {
  Text name;
  uint32_t cap_index;
};

struct Request {
  Text profile;
  Text binary;
  Text name;  // the child's service name
  const OfferedGrant* grants;
  size_t grant_count;
  // Interface ids of the caps sent with the call, in transfer order (from
  // the kernel's CapDescriptors, so they cannot lie about the interface).
  const uint64_t* sent_interfaces;
  size_t sent_count;
  int32_t session_index;  // < 0: no session cap
};

// Numerically equal to RestrictedLauncher.DenialCode (schema/launcher.capnp).
enum class Denial : uint16_t {
  kUnknownProfile = 0,
  kDisallowedBinary = 1,
  kMissingGrant = 2,
  kUnexpectedGrant = 3,
  kWrongInterface = 4,
  kStaleSession = 5,
  kSpawnFailed = 6,
  kMalformedRequest = 7,
  kQuotaExceeded = 8,
};
const char* DenialName(Denial d);

struct Decision {
  bool allowed = false;
  Denial denial = Denial::kMalformedRequest;  // meaningful when !allowed
  const Profile* profile = nullptr;           // set when allowed
  char message[kMessageMax] = {};             // precise reason, for the audit log
};

// Allowed only if the request is well formed, the profile exists, the binary
// is one of its binaries, the grants match its shapes exactly (each shape
// once, by name, with the shape's interface; nothing else) and a session cap,
// if any, is a SessionCell. Whether the session is live is the caller's
// check (it needs a kernel call). The first problem found is reported.
Decision Decide(const Policy& policy, const Request& request);

// The last check, after Decide allowed a launch of `profile`: allowed unless
// the profile is limited (max_instances > 0) and `live` of its children
// (the caller counts them; it needs kernel calls) already run.
Decision CheckQuota(const Profile& profile, uint32_t live);

}  // namespace launcher
