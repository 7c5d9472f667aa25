// Resource bounds shared by the sessions of one gateway. Exhaustion is a
// return value the caller turns into a typed boundExceeded, never a panic.
//
// Ownership: the gateway owns one Counter per gateway-wide bound
// (connections, backend cap holders) and one LoginRegistry, and passes
// references to every Session (see SharedBounds in session.h). Not
// thread-safe: one thread drives all sessions.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/types.h"

namespace remote_session {

// A counted resource with a fixed limit (connections, backend cap holders,
// outstanding worker calls).
class Counter {
 public:
  explicit Counter(uint32_t limit) : limit_(limit) {}
  // Takes one unit; false (nothing taken) when `limit` are in use.
  bool TryAcquire();
  // Returns one unit; a release without an acquire is ignored.
  void Release();
  uint32_t used() const { return used_; }
  uint32_t limit() const { return limit_; }

 private:
  uint32_t limit_;
  uint32_t used_ = 0;
};

// Concurrent logins per principal, across all connections of one gateway.
// A principal is its account name ("guest" / "anonymous" for those methods).
class LoginRegistry {
 public:
  static constexpr uint32_t kMaxPrincipals = 64;  // distinct principals tracked at once

  explicit LoginRegistry(uint32_t per_principal_limit) : limit_(per_principal_limit) {}
  // Counts one more live login of `principal`. False (nothing counted) when
  // the principal already has `limit` logins or the table is full.
  bool TryAcquire(const char* principal);
  // Drops one login of `principal` (an unknown principal is ignored).
  void Release(const char* principal);
  uint32_t Count(const char* principal) const;
  uint32_t limit() const { return limit_; }

 private:
  struct Slot {
    char principal[kMaxPrincipalBytes + 1] = {};
    uint32_t count = 0;  // 0 = free slot
  };
  int Find(const char* principal) const;

  uint32_t limit_;
  Slot slots_[kMaxPrincipals];
};

}  // namespace remote_session
