// AuthorityBroker policy: the named, narrowed caps a profile's remote client
// gets. The front end (gateway, web-ui) builds its CapSet view from these
// entries and never sees anything the entries do not name.
#ifndef SERVICES_AUTHORITY_BROKER_H_
#define SERVICES_AUTHORITY_BROKER_H_

#include <stddef.h>

#include "services/authority/text.h"

#include "services/authority/policy.h"

namespace authority {

enum class BrokerResult : uint8_t { kOk, kNotFound };

// Copies the bundle of `profile` into out[0, *count) (at most
// kMaxBundleEntries). kNotFound for an unknown or retired profile, with
// *count = 0. Launcher entries are dropped for guest/anonymous profiles and
// for profiles without the launcher flag even if the data holds one
// (Policy::add_profile already refuses such data; this is the second wall).
BrokerResult remote_client_bundle(const Policy& policy, Str profile,
                                  BundleEntry (&out)[kMaxBundleEntries], size_t* count);

}  // namespace authority

#endif  // SERVICES_AUTHORITY_BROKER_H_
