// Per-source penalties for failed logins, in the spirit of OpenSSH's
// failed-authentication delay: a source that keeps failing is slowed down,
// never shut out.
//
// A "source" is the transport's opaque key for a peer address. Behind QEMU
// user networking every host client has the same guest-visible address, so
// a source penalty must never deny anything: it only delays the answer to a
// *failed* login from that source (the transport holds the denial and the
// connection's next frames for DelayMs). A correct login, guest and
// anonymous admission are never delayed or refused because of a source's
// history; per-principal backoff (services/authority/backoff.h) and the
// per-connection MaxAuthTries bound (session.h) do the rest.
//
// Schedule: the first kFreeFailures failures cost nothing; failure n after
// that delays its denial by kBaseDelayMs << (n - 1 - kFreeFailures), capped
// at kMaxDelayMs. A source whose last failure is older than kForgetMs
// starts over. The table is bounded: when full, the source with the oldest
// last failure is forgotten.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace remote_session {

class SourcePolicy {
 public:
  static constexpr uint32_t kFreeFailures = 3;
  static constexpr uint64_t kBaseDelayMs = 250;
  static constexpr uint64_t kMaxDelayMs = 2000;
  static constexpr uint64_t kForgetMs = 15 * 60 * 1000;
  static constexpr size_t kSlots = 64;

  // Records a failed login from `source` at `now_ms` and returns how long
  // the transport must hold its denial (0 = answer at once).
  uint64_t RecordFailure(uint64_t source, uint64_t now_ms);
  // Failures currently counted for `source` (tests, audit).
  uint32_t failures(uint64_t source, uint64_t now_ms) const;

 private:
  struct Entry {
    bool used = false;
    uint64_t source = 0;
    uint32_t failures = 0;
    uint64_t last_ms = 0;
  };
  Entry entries_[kSlots];
};

}  // namespace remote_session
