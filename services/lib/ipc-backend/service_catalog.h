// The service catalog as a front end runs it: AuthorityBroker.serviceCatalog
// read once at start into fixed tables, plus what the front end can supply as
// a launch's grants. The interface names of the manifest become ids here,
// from the generated layouts; a name the front end does not know keeps id 0
// and makes its profile unavailable (the front end could never supply it).
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/ring.h"
#include "services/lib/remote-session/types.h"

namespace ipc_backend {

inline constexpr uint32_t kMaxCompanionGrants = 6;
inline constexpr uint32_t kMaxCompanionProcs = 4;

struct CatalogCompanion {
  char launcher_profile[remote_session::kMaxServiceNameBytes + 1] = {};
  char grants[kMaxCompanionGrants][remote_session::kMaxServiceNameBytes + 1] = {};
  uint32_t grant_count = 0;
};

struct CatalogProfile {
  remote_session::ServiceInfo info;  // state fields unset: per session
  char worker_profile[remote_session::kMaxServiceNameBytes + 1] = {};
  CatalogCompanion companions[remote_session::kMaxServiceCompanions];
  uint32_t classes = 0;  // bit per remote_session::PrincipalClass that may launch it
  bool supplied = true;  // every grant's interface is one the front end knows
};

struct Catalog {
  CatalogProfile profiles[remote_session::kMaxServices];
  uint32_t count = 0;
  // The profile named `name` (NUL-terminated), or -1.
  int Find(const char* name) const;
};

// The caps the front end hands on, by grant name. Backend-held grants (a
// worker's console, a companion's timer) are found by name; client facets
// by the interface id the client names.
struct GrantSource {
  const char* name;
  caprt::Cap cap;
  bool client_facet;  // a remote client may name it in serviceLaunch.grants
};

// A profile's companion processes (every entry's count).
inline uint32_t CompanionCount(const remote_session::ServiceInfo& in) {
  uint32_t n = 0;
  for (uint32_t c = 0; c < in.companion_count; ++c) n += in.companions[c].count;
  return n;
}

// Interface id of a schema interface name the front end knows, else 0.
uint64_t InterfaceIdOf(const char* name);

// Calls AuthorityBroker.serviceCatalog on `broker` (synchronously: the
// event loop has not started) and fills *out. False, with `why`, if the
// authority does not answer or the answer does not decode; the front end
// then serves an empty catalog.
bool LoadCatalog(const caprt::Cap& broker, Catalog* out, char* why, uint32_t why_cap);

}  // namespace ipc_backend
