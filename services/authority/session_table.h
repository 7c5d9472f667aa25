// The authority's record of the sessions it minted, one slot per live
// UserSession cap. A slot outlives logout (auditContext stays available) and
// is freed only when the service drops the UserSession endpoint (release).
// The kernel session cell itself is the service's to mint and log out; this
// table only remembers which cell index belongs to which slot.
#ifndef SERVICES_AUTHORITY_SESSION_TABLE_H_
#define SERVICES_AUTHORITY_SESSION_TABLE_H_

#include <stddef.h>
#include <stdint.h>

#include "services/authority/audit.h"
#include "services/authority/login.h"
#include "services/authority/policy.h"

namespace authority {

inline constexpr size_t kMaxSessions = 96;

struct SessionRecord {
  bool used = false;
  bool live = false;
  Name principal;
  PrincipalClass cls = PrincipalClass::kAnonymous;
  Name profile;
  PrincipalClass profile_class = PrincipalClass::kAnonymous;
  AuthMethod method = AuthMethod::kPassword;
  uint64_t login_ns = 0;
  uint64_t source_id = 0;
  uint64_t connection_event = 0;
  uint64_t login_event = 0;  // audit event id of the login
  uint64_t cell = 0;         // service-chosen handle of the kernel cell
};

class SessionTable {
 public:
  // Opens a slot for an allowed decision. -1 if the decision is a denial
  // (nothing is ever opened for one) or the table is full (boundExceeded).
  int open(const Decision& d, uint64_t now_ns, uint64_t cell);

  // nullptr for a free or out-of-range slot.
  const SessionRecord* get(int slot) const;

  // Marks the slot logged out and fills `audit` (event id `event_id`).
  // false if the slot is free or already logged out (logout is idempotent:
  // the service answers both the same way, but audits only the first).
  bool logout(int slot, uint64_t now_ns, uint64_t event_id, AuditRecord* audit);

  void release(int slot);
  size_t live_count() const;

 private:
  SessionRecord slots_[kMaxSessions];
};

}  // namespace authority

#endif  // SERVICES_AUTHORITY_SESSION_TABLE_H_
