// The browser sessions of the web UI: a fixed table keyed by the 128-bit
// `capos_sid` (API.md "Cookies", "/api/hello", "Expiry").
//
// An entry is pre-auth (created by /api/hello) or logged in. Expiry, all in
// Limits and applied by Find and Sweep:
//   pre-auth   pre_auth_grace_ms after it was created or last logged out
//              (OpenSSH's LoginGraceTime; progress does not extend it)
//   logged in  idle_ms after the last Touch, or absolute_ms after login,
//              whichever comes first
// Admission: Create on a full table first reuses an expired entry, then
// evicts the oldest pre-auth one (OpenSSH's MaxStartups spirit: idle
// pre-auth sessions never lock a user out); when every entry is logged in it
// refuses (tooManySessions). Logged-in sessions are never evicted.
//
// Every entry that leaves the table other than by Remove comes back to the
// caller as an Ended (expired or evicted), so the caller can log the guest
// session out and drop its per-session core (Entry::user). The slot is free
// again as soon as the Ended is returned: the caller releases or hands off
// its per-slot state before it calls Create again.
//
// Ids and CSRF tokens come from the caller (the kernel CSPRNG). Lookups
// compare every used entry in constant time and never stop early.
// Bounds: capacity entries (kDefaultCapacity = 64), O(capacity) per call,
// no allocation. Not thread-safe.
#ifndef SERVICES_WEB_UI_WEB_SESSIONS_H_
#define SERVICES_WEB_UI_WEB_SESSIONS_H_

#include <stddef.h>
#include <stdint.h>

#include "services/web-ui/token.h"

namespace web_ui {

struct SessionLimits {
  uint64_t pre_auth_grace_ms = 120 * 1000;
  uint64_t idle_ms = 30 * 60 * 1000;
  uint64_t absolute_ms = 12 * 60 * 60 * 1000;
};

struct WebSession {
  bool used = false;
  bool logged_in = false;
  Token id;
  Token csrf;
  uint64_t since_ms = 0;  // created or last logged out: the grace clock
  uint64_t login_ms = 0;  // the absolute clock (logged in only)
  uint64_t last_ms = 0;   // last Touch: the idle clock
  void* user = nullptr;   // the caller's per-session object; never read here
};

// One entry that left the table: what the caller needs to tear it down.
struct Ended {
  enum class Why : uint8_t { kNone, kExpired, kEvicted };
  Why why = Why::kNone;
  size_t index = 0;  // its slot
  bool logged_in = false;
  void* user = nullptr;
};

class SessionTable {
 public:
  static constexpr size_t kDefaultCapacity = 64;

  // slots: caller storage for capacity entries, outliving the table.
  SessionTable(WebSession* slots, size_t capacity, const SessionLimits& limits = {});
  SessionTable(const SessionTable&) = delete;
  SessionTable& operator=(const SessionTable&) = delete;

  enum class CreateError : uint8_t { kOk, kTooManySessions, kDuplicateId };
  struct Created {
    CreateError error = CreateError::kOk;
    WebSession* entry = nullptr;  // kOk: the new pre-auth entry
    Ended ended;                  // an entry freed to make room (why != kNone)
  };
  // A new pre-auth session. kDuplicateId if id is already in use (a broken
  // random source; the caller draws again).
  Created Create(uint64_t now_ms, const Token& id, const Token& csrf);

  enum class Found : uint8_t { kLive, kUnknown, kExpired };
  struct Lookup {
    Found found = Found::kUnknown;
    WebSession* entry = nullptr;  // kLive
    Ended ended;                  // kExpired: the entry just freed
  };
  // The entry for id, with expiry applied first. Does not Touch.
  Lookup Find(const Token& id, uint64_t now_ms);

  // Gives entry a new id and CSRF token; the old id is unknown from now on.
  // False (nothing changed) if new_id is already in use.
  bool Rotate(WebSession* entry, const Token& new_id, const Token& new_csrf);
  // Starts the idle and absolute clocks (again, on a re-login).
  void MarkLoggedIn(WebSession* entry, uint64_t now_ms);
  // Back to pre-auth; the grace clock restarts.
  void MarkLoggedOut(WebSession* entry, uint64_t now_ms);
  // A request was served: resets the idle clock of a logged-in entry.
  void Touch(WebSession* entry, uint64_t now_ms);
  // Frees entry without an Ended (the caller tore it down itself).
  void Remove(WebSession* entry);

  // Frees one expired entry, if any (call until false, e.g. once a second,
  // so abandoned sessions are logged out without waiting for a request).
  bool Sweep(uint64_t now_ms, Ended* out);
  // The earliest time some entry expires; UINT64_MAX when none is used.
  uint64_t NextExpiryMs() const;

  size_t IndexOf(const WebSession* entry) const { return static_cast<size_t>(entry - slots_); }
  WebSession& at(size_t index) { return slots_[index]; }
  size_t capacity() const { return capacity_; }
  size_t used() const;
  size_t logged_in() const;
  const SessionLimits& limits() const { return limits_; }

 private:
  uint64_t ExpiresAt(const WebSession& e) const;
  Ended Free(WebSession* e, Ended::Why why);
  // The used entry whose id equals id, or null; constant time per entry,
  // every entry looked at.
  WebSession* Match(const Token& id);

  WebSession* slots_;
  size_t capacity_;
  SessionLimits limits_;
};

// A table with its own storage. The base stores the storage_ pointer only;
// storage_ is constructed (all entries unused) right after it.
template <size_t N = SessionTable::kDefaultCapacity>
class FixedSessionTable : public SessionTable {
 public:
  explicit FixedSessionTable(const SessionLimits& limits = {})
      : SessionTable(storage_, N, limits) {}

 private:
  WebSession storage_[N];
};

}  // namespace web_ui

#endif  // SERVICES_WEB_UI_WEB_SESSIONS_H_
