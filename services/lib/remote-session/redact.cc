#include "services/lib/remote-session/redact.h"

#include <string.h>

namespace remote_session {
namespace {

// Keep equal to forbidden-markers.txt (redact_test.cc compares them).
constexpr const char* kFixedMarkers[] = {
    "slot",       "slots",       "generation", "selector",       "pid",         "handle",
    "badge",      "session_ref", "sessionRef", "session ref",    "session_id",  "sessionId",
    "session id", "call_token",  "callToken",  "endpoint owner", "owner facet", "cap id",
    "capId",      "/home/",      "/root/",     "/Users/",
};
constexpr uint32_t kFixedCount = sizeof(kFixedMarkers) / sizeof(kFixedMarkers[0]);

// Host path prefixes: the whole word starting there is replaced.
constexpr const char* kPathPrefixes[] = {"/home/", "/root/", "/Users/"};

constexpr const char* kProtocolWords[] = {
    "operator", "user",     "guest", "anonymous", "service", "chat",   "session",
    "system",   "password", "login", "profile",   "default", "remote", "gateway",
};

constexpr char kRedacted[] = "[redacted]";

constexpr bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

constexpr char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

constexpr size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

// Every transcript field is scanned at every position, so the scan must be
// cheap where nothing can match: the lengths are known up front, and a
// position is tried only if its (case-folded) character starts some marker.
struct FixedTable {
  size_t length[kFixedCount] = {};
  bool starts[256] = {};
};
constexpr FixedTable MakeFixedTable() {
  FixedTable t;
  for (uint32_t k = 0; k < kFixedCount; ++k) {
    t.length[k] = Length(kFixedMarkers[k]);
    char c = Lower(kFixedMarkers[k][0]);
    t.starts[static_cast<unsigned char>(c)] = true;
    if (c >= 'a' && c <= 'z') t.starts[static_cast<unsigned char>(c - 'a' + 'A')] = true;
  }
  return t;
}
constexpr FixedTable kFixed = MakeFixedTable();

// Case-insensitive match of `m` at text[i]; with `words`, alnum edges of the
// marker must sit on word boundaries.
bool MatchAt(const char* text, size_t len, size_t i, const char* m, size_t mlen, bool words,
             bool fold) {
  if (mlen == 0 || i + mlen > len) return false;
  for (size_t k = 0; k < mlen; ++k) {
    char a = text[i + k], b = m[k];
    if (fold ? Lower(a) != Lower(b) : a != b) return false;
  }
  if (!words) return true;
  if (IsWordChar(m[0]) && i > 0 && IsWordChar(text[i - 1])) return false;
  if (IsWordChar(m[mlen - 1]) && i + mlen < len && IsWordChar(text[i + mlen])) return false;
  return true;
}

bool HostUserUsable(const char* u);

// A context's words, measured once per scanned text rather than at every
// position.
struct Prepared {
  const char* secrets[RedactionContext::kMaxSecrets] = {};
  size_t secret_len[RedactionContext::kMaxSecrets] = {};
  const char* host_user = nullptr;  // null if unusable
  size_t host_len = 0;
  explicit Prepared(const RedactionContext* ctx) {
    if (ctx == nullptr) return;
    for (uint32_t k = 0; k < RedactionContext::kMaxSecrets; ++k) {
      const char* s = ctx->secrets[k];
      if (s != nullptr && s[0] != 0) {
        secrets[k] = s;
        secret_len[k] = strlen(s);
      }
    }
    if (HostUserUsable(ctx->host_user)) {
      host_user = ctx->host_user;
      host_len = strlen(host_user);
    }
  }
};

// Length of the marker matching at text[i] (0 = none); *which names it.
size_t MarkerAt(const char* text, size_t len, size_t i, const Prepared& ctx, const char** which) {
  // Inside a word, no marker that starts with a word character can start
  // (MatchAt would refuse it for its boundary): skip those positions whole.
  const char c = text[i];
  const bool boundary = i == 0 || !IsWordChar(text[i - 1]);
  if (kFixed.starts[static_cast<unsigned char>(c)] && (boundary || !IsWordChar(c))) {
    for (uint32_t k = 0; k < kFixedCount; ++k) {
      size_t ml = kFixed.length[k];
      if (MatchAt(text, len, i, kFixedMarkers[k], ml, true, true)) {
        *which = kFixedMarkers[k];
        return ml;
      }
    }
  }
  for (uint32_t k = 0; k < RedactionContext::kMaxSecrets; ++k) {
    // Secrets match exactly, anywhere: a password is not a word.
    if (ctx.secrets[k] != nullptr && c == ctx.secrets[k][0] &&
        MatchAt(text, len, i, ctx.secrets[k], ctx.secret_len[k], false, false)) {
      *which = "secret";
      return ctx.secret_len[k];
    }
  }
  if (ctx.host_user != nullptr && Lower(c) == Lower(ctx.host_user[0]) &&
      MatchAt(text, len, i, ctx.host_user, ctx.host_len, true, true)) {
    *which = "host user";
    return ctx.host_len;
  }
  return 0;
}

bool HostUserUsable(const char* u) {
  return u != nullptr && strlen(u) >= 3 && !IsProtocolWord(u);
}

bool IsPathPrefix(const char* marker) {
  for (const char* p : kPathPrefixes) {
    if (marker == p || strcmp(marker, p) == 0) return true;
  }
  return false;
}

}  // namespace

uint32_t FixedMarkerCount() {
  return kFixedCount;
}
const char* FixedMarker(uint32_t i) {
  return i < kFixedCount ? kFixedMarkers[i] : "";
}

bool IsProtocolWord(const char* word) {
  if (word == nullptr) return false;
  for (const char* w : kProtocolWords) {
    size_t n = strlen(w);
    if (strlen(word) == n && MatchAt(word, n, 0, w, n, false, true)) return true;
  }
  return false;
}

void Redact(char* text, size_t capacity, const RedactionContext* context) {
  if (text == nullptr || capacity == 0) return;
  size_t len = strnlen(text, capacity - 1);
  text[len] = 0;
  // The output never outgrows the input's buffer: "[redacted]" is cut when
  // it would not fit, so a redaction can only shorten or keep the text.
  char out[512];
  size_t cap = capacity < sizeof(out) ? capacity : sizeof(out);
  size_t o = 0;
  const Prepared prepared(context);
  for (size_t i = 0; i < len && o + 1 < cap;) {
    const char* which = nullptr;
    size_t ml = MarkerAt(text, len, i, prepared, &which);
    if (ml == 0) {
      out[o++] = text[i++];
      continue;
    }
    i += ml;
    if (IsPathPrefix(which)) {
      while (i < len && text[i] != ' ' && text[i] != '"' && text[i] != '\'') ++i;
    }
    for (const char* r = kRedacted; *r != 0 && o + 1 < cap; ++r) out[o++] = *r;
  }
  out[o] = 0;
  memcpy(text, out, o + 1);
}

ForbiddenHit FindForbidden(const char* text, size_t len, const RedactionContext* context) {
  ForbiddenHit hit;
  if (text == nullptr) return hit;
  const Prepared prepared(context);
  for (size_t i = 0; i < len; ++i) {
    const char* which = nullptr;
    if (MarkerAt(text, len, i, prepared, &which) != 0) {
      hit.found = true;
      hit.offset = i;
      hit.marker = which;
      return hit;
    }
  }
  return hit;
}

}  // namespace remote_session
