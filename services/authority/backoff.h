// Failed-login backoff per principal. Time comes from the caller (ns on the
// authority's monotonic clock), so tests drive it with a fake clock.
//
// Sources (the opaque id the gateway derives from a peer address) are only
// counted, for the audit: a source's failures never block a login here.
// Behind QEMU user networking all host clients share one address, so a
// per-source block would let one client lock out everyone (the bug this
// replaced). The gateway slows a failing source's *failed* logins instead
// (services/lib/remote-session/source_policy.h).
//
// Schedule: the first kFreeFailures failures cost nothing; failure n after
// that blocks the key for kBaseDelayNs << (n - 1 - kFreeFailures), capped at
// kMaxDelayNs, counted from the failure. A key whose last failure is older
// than kForgetNs starts over. Success clears the principal's entry only: a
// source's count survives a success, so one valid (guest) login from a
// source does not reset its guessing budget.
//
// The tables are bounded. When full, the entry with the oldest last failure
// is reused; the authority tracks principals only for accounts that exist,
// so made-up names cannot push real principals out.
#ifndef SERVICES_AUTHORITY_BACKOFF_H_
#define SERVICES_AUTHORITY_BACKOFF_H_

#include <stddef.h>
#include <stdint.h>

#include "services/authority/text.h"

#include "services/authority/policy.h"

namespace authority {

inline constexpr uint32_t kFreeFailures = 3;
inline constexpr uint64_t kBaseDelayNs = 1'000'000'000;   // 1 s
inline constexpr uint64_t kMaxDelayNs = 300'000'000'000;  // 5 min
inline constexpr uint64_t kForgetNs = 900'000'000'000;    // 15 min
inline constexpr size_t kBackoffSlots = 64;

class Backoff {
 public:
  // 0 if the principal is not blocked at `now_ns`, else the ns until it is
  // free. An empty principal is never blocked (guest/anonymous, unknown names).
  uint64_t blocked_for(Str principal, uint64_t now_ns) const;

  void record_failure(Str principal, uint64_t source, uint64_t now_ns);
  void record_success(Str principal);

  // Failures currently counted (tests, audit).
  uint32_t principal_failures(Str principal) const;
  uint32_t source_failures(uint64_t source) const;

 private:
  struct Entry {
    bool used = false;
    Name principal;       // principal table
    uint64_t source = 0;  // source table
    uint32_t failures = 0;
    uint64_t last_ns = 0;
  };

  static uint64_t remaining(const Entry& e, uint64_t now_ns);
  static void bump(Entry* e, uint64_t now_ns);
  static Entry* victim(Entry* table);
  const Entry* find_principal(Str p) const;
  const Entry* find_source(uint64_t s) const;

  Entry principals_[kBackoffSlots];
  Entry sources_[kBackoffSlots];
};

}  // namespace authority

#endif  // SERVICES_AUTHORITY_BACKOFF_H_
