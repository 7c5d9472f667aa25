// Loads the packed AuthorityPolicy (schema/authority.capnp) from the boot
// package resource `authority-policy` into a Policy. The resource is built by
// the image build, but it is still decoded as hostile input: any malformed
// message, out-of-range enum, over-long name or bound is refused as a whole.
#ifndef SERVICES_AUTHORITY_POLICY_LOAD_H_
#define SERVICES_AUTHORITY_POLICY_LOAD_H_

#include <stddef.h>

#include "services/authority/catalog.h"
#include "services/authority/policy.h"
#include "services/lib/client-cert/client_cert.h"

namespace authority {

inline constexpr const char* kPolicyResource = "authority-policy";

// Fills `out` and `catalog` (AuthorityPolicy.services; both must be empty).
// False with a short reason in `why` (NUL-terminated, truncated to why_cap)
// on any problem, the catalog's included; both are then partially filled
// and must not be used.
// `certs` (empty) gets AuthorityPolicy.clientCertificates; null ignores them.
bool LoadPolicy(const void* bytes, size_t len, Policy* out, Catalog* catalog, char* why,
                size_t why_cap, client_cert::Policy* certs = nullptr);

}  // namespace authority

#endif  // SERVICES_AUTHORITY_POLICY_LOAD_H_
