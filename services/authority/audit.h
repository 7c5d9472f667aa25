// Audit records: what the authority decided and why, as data the service
// prints to its console. They hold no secret: no password, no session cell,
// no slot. The principal is the caller-supplied name, stored bounded and
// printed escaped (it may be hostile).
#ifndef SERVICES_AUTHORITY_AUDIT_H_
#define SERVICES_AUTHORITY_AUDIT_H_

#include <stddef.h>
#include <stdint.h>

#include "services/authority/text.h"

#include "services/authority/policy.h"

namespace authority {

enum class AuditEvent : uint8_t { kLoginOk, kLoginDenied, kLogout };

enum class DenyReason : uint8_t {
  kNone,
  kBackoff,  // principal or source is backing off
  kUnknownPrincipal,
  kBadPassword,        // failed proof
  kNoPasswordSet,      // account has no record: password login impossible
  kMethodNotForClass,  // e.g. guest adapter for a user account
  kAccountDisabled,
  kAccountLocked,
  kAccountRecoveryOnly,
  kProfileNotAllowed,  // requested profile not in the account's list
  kProfileMissing,     // named profile does not exist
  kProfileRetired,
  kProfileClassMismatch,  // profile suits another class than the adapter's
  kMalformed,             // over-long or invalid principal/secret/profile
  kKeyNotAuthorized,      // publicKey: the key is not in the account's list
  kBadSignature,          // publicKey: the signature does not verify
  kNoChallenge,           // publicKey: the connection had no live challenge
  // publicKey with a client certificate instead of an authorized key
  // (services/lib/client-cert): the certificate
  kCertNotTrusted,   // did not parse, chain to a policy CA, or allow clients
  kCertExpired,      // is outside its dates by the guest's clock
  kCertRevoked,      // has a denied serial
  kCertNotForLogin,  // names another principal, or holds another key
};
const char* deny_reason_name(DenyReason r);
const char* auth_method_name(AuthMethod m);

inline constexpr size_t kAuditNameMax = 48;

struct AuditRecord {
  uint64_t event_id = 0;
  uint64_t time_ns = 0;
  AuditEvent what = AuditEvent::kLoginDenied;
  DenyReason reason = DenyReason::kNone;
  AuthMethod method = AuthMethod::kPassword;
  char principal[kAuditNameMax + 1] = {};  // as supplied, truncated
  char profile[kAuditNameMax + 1] = {};    // granted (ok) or requested (denied)
  uint64_t source_id = 0;
  uint64_t connection_event = 0;
};

// Copies `s` truncated to kAuditNameMax into dst (NUL-terminated).
void audit_copy(char (&dst)[kAuditNameMax + 1], Str s);

// One line, NUL-terminated, no newline; bytes outside printable ASCII and
// '"' / '\\' are written as \xNN. Returns the length (truncated to cap-1).
size_t format_audit(const AuditRecord& r, char* out, size_t cap);

}  // namespace authority

#endif  // SERVICES_AUTHORITY_AUDIT_H_
