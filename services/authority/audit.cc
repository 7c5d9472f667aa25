#include "services/authority/audit.h"

#include <stdio.h>
#include <string.h>

namespace authority {
namespace {

// Appends to out[*o, cap-1); always leaves room for the NUL.
void put(char* out, size_t cap, size_t* o, const char* s) {
  while (*s != '\0' && *o + 1 < cap) out[(*o)++] = *s++;
}

void put_escaped(char* out, size_t cap, size_t* o, const char* s) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (; *s != '\0'; ++s) {
    const unsigned char c = static_cast<unsigned char>(*s);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      if (*o + 1 >= cap) return;
      out[(*o)++] = static_cast<char>(c);
    } else {
      if (*o + 4 >= cap) return;
      out[(*o)++] = '\\';
      out[(*o)++] = 'x';
      out[(*o)++] = kHex[c >> 4];
      out[(*o)++] = kHex[c & 15];
    }
  }
}

const char* event_name(AuditEvent e) {
  switch (e) {
    case AuditEvent::kLoginOk:
      return "login-ok";
    case AuditEvent::kLoginDenied:
      return "login-denied";
    case AuditEvent::kLogout:
      return "logout";
  }
  return "?";
}

}  // namespace

const char* deny_reason_name(DenyReason r) {
  switch (r) {
    case DenyReason::kNone:
      return "none";
    case DenyReason::kBackoff:
      return "backoff";
    case DenyReason::kUnknownPrincipal:
      return "unknownPrincipal";
    case DenyReason::kBadPassword:
      return "badPassword";
    case DenyReason::kNoPasswordSet:
      return "noPasswordSet";
    case DenyReason::kMethodNotForClass:
      return "methodNotForClass";
    case DenyReason::kAccountDisabled:
      return "accountDisabled";
    case DenyReason::kAccountLocked:
      return "accountLocked";
    case DenyReason::kAccountRecoveryOnly:
      return "accountRecoveryOnly";
    case DenyReason::kProfileNotAllowed:
      return "profileNotAllowed";
    case DenyReason::kProfileMissing:
      return "profileMissing";
    case DenyReason::kProfileRetired:
      return "profileRetired";
    case DenyReason::kProfileClassMismatch:
      return "profileClassMismatch";
    case DenyReason::kMalformed:
      return "malformed";
    case DenyReason::kKeyNotAuthorized:
      return "keyNotAuthorized";
    case DenyReason::kBadSignature:
      return "badSignature";
    case DenyReason::kNoChallenge:
      return "noChallenge";
    case DenyReason::kCertNotTrusted:
      return "certNotTrusted";
    case DenyReason::kCertExpired:
      return "certExpired";
    case DenyReason::kCertRevoked:
      return "certRevoked";
    case DenyReason::kCertNotForLogin:
      return "certNotForLogin";
  }
  return "?";
}

const char* auth_method_name(AuthMethod m) {
  switch (m) {
    case AuthMethod::kPassword:
      return "password";
    case AuthMethod::kGuest:
      return "guest";
    case AuthMethod::kAnonymous:
      return "anonymous";
    case AuthMethod::kPublicKey:
      return "publicKey";
  }
  return "?";
}

void audit_copy(char (&dst)[kAuditNameMax + 1], Str s) {
  const size_t n = s.size() < kAuditNameMax ? s.size() : kAuditNameMax;
  memcpy(dst, s.data(), n);
  dst[n] = '\0';
}

size_t format_audit(const AuditRecord& r, char* out, size_t cap) {
  if (cap == 0) return 0;
  size_t o = 0;
  char num[96];
  snprintf(num, sizeof(num), "audit event=%llu t=%llu ",
           static_cast<unsigned long long>(r.event_id), static_cast<unsigned long long>(r.time_ns));
  put(out, cap, &o, num);
  put(out, cap, &o, event_name(r.what));
  if (r.what == AuditEvent::kLoginDenied) {
    put(out, cap, &o, " reason=");
    put(out, cap, &o, deny_reason_name(r.reason));
  }
  put(out, cap, &o, " method=");
  put(out, cap, &o, auth_method_name(r.method));
  put(out, cap, &o, " principal=\"");
  put_escaped(out, cap, &o, r.principal);
  put(out, cap, &o, "\" profile=\"");
  put_escaped(out, cap, &o, r.profile);
  snprintf(num, sizeof(num), "\" source=%016llx conn=%llu",
           static_cast<unsigned long long>(r.source_id),
           static_cast<unsigned long long>(r.connection_event));
  put(out, cap, &o, num);
  out[o] = '\0';
  return o;
}

}  // namespace authority
