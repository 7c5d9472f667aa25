#include "services/launcher/launch_policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layout/kernel.capnp.layout.h"

namespace launcher {
namespace {

bool Equal(Text a, const char* b) {
  size_t n = strlen(b);
  return a.size == n && (n == 0 || memcmp(a.data, b, n) == 0);
}

// Copies a name that fits with its NUL and has no NUL inside; refuses rather
// than truncates, so a stored name always equals what the manifest said.
bool CopyName(Text t, char* out, size_t cap) {
  if (t.size == 0 || t.size >= cap || memchr(t.data, '\0', t.size) != nullptr) return false;
  memcpy(out, t.data, t.size);
  out[t.size] = '\0';
  return true;
}

// [a-z][a-z0-9-]{0,30}: the manifest's service-name rule. The kernel prefixes
// the child's console lines with this name, so no spaces, brackets or
// control characters may reach it.
bool ValidServiceName(Text t) {
  if (t.size == 0 || t.size >= abi::kProcNameMax) return false;
  if (t.data[0] < 'a' || t.data[0] > 'z') return false;
  for (size_t i = 1; i < t.size; ++i) {
    char c = t.data[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// A request's text in a log message: printable ASCII only, bounded, so a
// hostile name cannot forge log lines.
struct Shown {
  char s[kNameMax + 4];
};
Shown Show(Text t) {
  Shown out{};
  size_t n = 0;
  for (size_t i = 0; i < t.size && n < kNameMax - 1; ++i) {
    char c = t.data[i];
    out.s[n++] = (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (t.size > n) memcpy(out.s + n, "...", 3);
  return out;
}

Decision Deny(Denial code, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
Decision Deny(Denial code, const char* fmt, ...) {
  Decision d;
  d.allowed = false;
  d.denial = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d.message, sizeof(d.message), fmt, ap);
  va_end(ap);
  return d;
}

const Profile* FindProfile(const Policy& policy, Text name) {
  for (size_t i = 0; i < policy.count && i < kMaxProfiles; ++i) {
    if (Equal(name, policy.profiles[i].name)) return &policy.profiles[i];
  }
  return nullptr;
}

int FindShape(const Profile& p, Text name) {
  for (size_t i = 0; i < p.shape_count; ++i) {
    if (Equal(name, p.shapes[i].name)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Text Str(const char* s) {
  return Text{s, s ? strlen(s) : 0};
}

Profile* AddProfile(Policy* policy, Text name, uint32_t heap_pages) {
  if (policy->count >= kMaxProfiles || FindProfile(*policy, name) != nullptr) return nullptr;
  Profile* p = &policy->profiles[policy->count];
  memset(p, 0, sizeof(*p));
  if (!CopyName(name, p->name, sizeof(p->name))) return nullptr;
  p->heap_pages = heap_pages;
  ++policy->count;
  return p;
}

bool AddBinary(Profile* profile, Text binary) {
  if (profile->binary_count >= kMaxBinaries) return false;
  for (size_t i = 0; i < profile->binary_count; ++i) {
    if (Equal(binary, profile->binaries[i])) return false;
  }
  if (!CopyName(binary, profile->binaries[profile->binary_count], kBinaryMax)) return false;
  ++profile->binary_count;
  return true;
}

bool AddShape(Profile* profile, Text name, uint64_t interface_id) {
  if (profile->shape_count >= kMaxShapes || FindShape(*profile, name) >= 0) return false;
  GrantShape& s = profile->shapes[profile->shape_count];
  if (!CopyName(name, s.name, sizeof(s.name))) return false;
  s.interface_id = interface_id;
  ++profile->shape_count;
  return true;
}

const char* DenialName(Denial d) {
  switch (d) {
    case Denial::kUnknownProfile:
      return "unknownProfile";
    case Denial::kDisallowedBinary:
      return "disallowedBinary";
    case Denial::kMissingGrant:
      return "missingGrant";
    case Denial::kUnexpectedGrant:
      return "unexpectedGrant";
    case Denial::kWrongInterface:
      return "wrongInterface";
    case Denial::kStaleSession:
      return "staleSession";
    case Denial::kSpawnFailed:
      return "spawnFailed";
    case Denial::kMalformedRequest:
      return "malformedRequest";
    case Denial::kQuotaExceeded:
      return "quotaExceeded";
  }
  return "unknown";
}

Decision Decide(const Policy& policy, const Request& r) {
  if (!ValidServiceName(r.name)) {
    return Deny(Denial::kMalformedRequest, "child name '%s' is not [a-z][a-z0-9-]{0,30}",
                Show(r.name).s);
  }
  if (r.grant_count > kMaxShapes) {
    return Deny(Denial::kMalformedRequest, "%zu grants, at most %zu", r.grant_count, kMaxShapes);
  }
  for (size_t i = 0; i < r.grant_count; ++i) {
    if (r.grants[i].cap_index >= r.sent_count) {
      return Deny(Denial::kMalformedRequest, "grant '%s' names cap %u of %zu sent",
                  Show(r.grants[i].name).s, r.grants[i].cap_index, r.sent_count);
    }
  }
  if (r.session_index >= 0 && static_cast<size_t>(r.session_index) >= r.sent_count) {
    return Deny(Denial::kMalformedRequest, "session names cap %d of %zu sent", r.session_index,
                r.sent_count);
  }
  const Profile* p = FindProfile(policy, r.profile);
  if (p == nullptr) {
    return Deny(Denial::kUnknownProfile, "no launcher profile '%s'", Show(r.profile).s);
  }
  const char* binary = nullptr;
  for (size_t i = 0; i < p->binary_count && binary == nullptr; ++i) {
    if (Equal(r.binary, p->binaries[i])) binary = p->binaries[i];
  }
  if (binary == nullptr) {
    return Deny(Denial::kDisallowedBinary, "profile '%s' may not start binary '%s'", p->name,
                Show(r.binary).s);
  }
  bool supplied[kMaxShapes] = {};
  for (size_t i = 0; i < r.grant_count; ++i) {
    const OfferedGrant& g = r.grants[i];
    int s = FindShape(*p, g.name);
    if (s < 0) {
      return Deny(Denial::kUnexpectedGrant, "profile '%s' has no grant '%s'", p->name,
                  Show(g.name).s);
    }
    if (supplied[s]) {
      return Deny(Denial::kUnexpectedGrant, "grant '%s' given twice", p->shapes[s].name);
    }
    supplied[s] = true;
    uint64_t got = r.sent_interfaces[g.cap_index];
    if (got != p->shapes[s].interface_id) {
      return Deny(Denial::kWrongInterface,
                  "grant '%s' wants interface 0x%016llx, cap has 0x%016llx", p->shapes[s].name,
                  static_cast<unsigned long long>(p->shapes[s].interface_id),
                  static_cast<unsigned long long>(got));
    }
  }
  for (size_t s = 0; s < p->shape_count; ++s) {
    if (!supplied[s]) {
      return Deny(Denial::kMissingGrant, "profile '%s' requires grant '%s' (interface 0x%016llx)",
                  p->name, p->shapes[s].name,
                  static_cast<unsigned long long>(p->shapes[s].interface_id));
    }
  }
  if (r.session_index >= 0 &&
      r.sent_interfaces[r.session_index] != capos::layout::SessionCell::kId) {
    return Deny(Denial::kWrongInterface, "session cap has interface 0x%016llx, not SessionCell",
                static_cast<unsigned long long>(r.sent_interfaces[r.session_index]));
  }
  Decision d;
  d.allowed = true;
  d.profile = p;
  snprintf(d.message, sizeof(d.message), "profile '%s' allows '%s' as '%s'", p->name, binary,
           Show(r.name).s);
  return d;
}

Decision CheckQuota(const Profile& p, uint32_t live) {
  if (p.max_instances > 0 && live >= p.max_instances) {
    return Deny(Denial::kQuotaExceeded, "profile '%s' is at maxInstances %u (%u running)", p.name,
                p.max_instances, live);
  }
  Decision d;
  d.allowed = true;
  d.profile = &p;
  return d;
}

}  // namespace launcher
