// Redaction and the forbidden-marker scan (ARCHITECTURE.md invariant 1).
//
// Nothing that reaches a remote client may carry a password, a raw session
// id/ref, a cap slot or generation, a process handle, an endpoint owner, the
// host user name or a host path. Redact() scrubs text before it is stored;
// FindForbidden() is the test-side check used on every transcript and CLI
// output. The fixed markers are also in forbidden-markers.txt (same folder)
// for scripts; a test keeps both lists equal.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace remote_session {

// Per-connection secrets the fixed patterns cannot know. Pointers are
// borrowed (NUL-terminated, may be null or ""); the owner keeps them alive
// while the context is in use.
struct RedactionContext {
  static constexpr uint32_t kMaxSecrets = 4;
  const char* secrets[kMaxSecrets] = {};  // e.g. the password being checked, a session ref hex
  const char* host_user = nullptr;        // ignored if shorter than 3 bytes or a protocol word
};

// The fixed, case-insensitive substring markers (NUL-terminated strings).
uint32_t FixedMarkerCount();
const char* FixedMarker(uint32_t i);

// Rewrites text (NUL-terminated, in place, never longer): every fixed marker
// and every occurrence of a context secret or the host user name becomes
// "[redacted]" (cut to fit), and any word starting at a host path prefix
// (/home/, /root/, /Users/, /tmp/) is replaced whole.
void Redact(char* text, size_t capacity, const RedactionContext* context);

struct ForbiddenHit {
  bool found = false;
  size_t offset = 0;
  const char* marker = nullptr;  // the fixed marker, or "secret" / "host user"
};

// Scans text[0, len) for a fixed marker, a context secret or the host user
// name (whole word). Returns the first hit.
ForbiddenHit FindForbidden(const char* text, size_t len, const RedactionContext* context);

// True for words the protocol itself uses ("operator", "user", "guest", ...):
// a host user name equal to one of them cannot be scanned for.
bool IsProtocolWord(const char* word);

}  // namespace remote_session
