#include "services/authority/catalog.h"

namespace authority {
namespace {

bool lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool digit(char c) {
  return c >= '0' && c <= '9';
}

bool first_ok(char c, Charset rule) {
  switch (rule) {
    case Charset::kLowerIdent:
    case Charset::kMixedIdent:
      return lower(c);
    case Charset::kInterface:
      return upper(c);
    case Charset::kPrintable:
      return c >= 0x20 && c <= 0x7e;
  }
  return false;
}

bool rest_ok(char c, Charset rule) {
  switch (rule) {
    case Charset::kLowerIdent:
      return lower(c) || digit(c) || c == '-';
    case Charset::kMixedIdent:
      return lower(c) || upper(c) || digit(c) || c == '-';
    case Charset::kInterface:
      return lower(c) || upper(c) || digit(c);
    case Charset::kPrintable:
      return c >= 0x20 && c <= 0x7e;
  }
  return false;
}

// The bounds the CUE schema states; a hand-built or decoded profile is
// checked against them again here.
PolicyError check_limits(const ServiceProfile& s) {
  if (s.per_session_limit < 1 || s.per_session_limit > kMaxPerSession)
    return PolicyError::kBadLimit;
  if (s.system_limit < 1 || s.system_limit > kMaxSystemInstances) return PolicyError::kBadLimit;
  if (s.per_session_limit > s.system_limit) return PolicyError::kBadLimit;
  if (s.companion_count > kMaxCompanions || s.grant_count > kMaxServiceGrants ||
      s.export_count > kMaxExports || s.class_count > kMaxServiceClasses) {
    return PolicyError::kFull;
  }
  if (s.class_count == 0) return PolicyError::kBadLimit;  // nobody could launch it
  for (uint8_t i = 0; i < s.companion_count; ++i) {
    const Companion& c = s.companions[i];
    if (c.binary.len == 0 || c.launcher_profile.len == 0) return PolicyError::kBadEnum;
    if (c.count < 1 || c.count > kMaxCompanionCount) return PolicyError::kBadLimit;
  }
  return PolicyError::kOk;
}

PolicyError check_grants(const ServiceProfile& s) {
  for (uint8_t i = 0; i < s.grant_count; ++i) {
    const ServiceGrant& g = s.grants[i];
    if (g.name.len == 0 || g.interface.len == 0) return PolicyError::kBadEnum;
    if (static_cast<uint8_t>(g.holder) > static_cast<uint8_t>(Holder::kClientFacet)) {
      return PolicyError::kBadEnum;
    }
    for (uint8_t j = 0; j < i; ++j) {
      if (s.grants[j].name.view() == g.name.view()) return PolicyError::kDuplicate;
    }
  }
  return PolicyError::kOk;
}

PolicyError check_exports(const ServiceProfile& s) {
  for (uint8_t i = 0; i < s.export_count; ++i) {
    const ServiceExport& e = s.exports[i];
    if (e.cap_name.len == 0 || (e.rights & ~rights::kAll) != 0) return PolicyError::kBadEnum;
    if (e.kind != CapKind::kAdventure && e.kind != CapKind::kPaperclips) {
      return PolicyError::kBadEnum;
    }
    for (uint8_t j = 0; j < i; ++j) {
      if (s.exports[j].cap_name.view() == e.cap_name.view()) return PolicyError::kDuplicate;
    }
  }
  return PolicyError::kOk;
}

PolicyError check_classes(const ServiceProfile& s) {
  for (uint8_t i = 0; i < s.class_count; ++i) {
    const PrincipalClass c = s.classes[i];
    if (static_cast<uint8_t>(c) > 4) return PolicyError::kBadEnum;
    // Guests and anonymous never hold a launcher (may_launch); a service
    // principal has no front end that would launch anything for it.
    if (c != PrincipalClass::kOperator && c != PrincipalClass::kUser) {
      return PolicyError::kLauncherForbidden;
    }
    for (uint8_t j = 0; j < i; ++j) {
      if (s.classes[j] == c) return PolicyError::kDuplicate;
    }
  }
  return PolicyError::kOk;
}

}  // namespace

bool valid_token(Str s, size_t max, Charset rule) {
  if (s.empty() || s.size() > max || !first_ok(s[0], rule)) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    if (!rest_ok(s[i], rule)) return false;
  }
  return true;
}

PolicyError Catalog::add(const ServiceProfile& s) {
  if (count_ == kMaxServices) return PolicyError::kFull;
  if (s.name.len == 0 || s.description.len == 0 || s.worker_binary.len == 0 ||
      s.worker_profile.len == 0) {
    return PolicyError::kBadEnum;
  }
  if (find(s.name.view()) != nullptr) return PolicyError::kDuplicate;
  PolicyError e = check_limits(s);
  if (e == PolicyError::kOk) e = check_grants(s);
  if (e == PolicyError::kOk) e = check_exports(s);
  if (e == PolicyError::kOk) e = check_classes(s);
  if (e != PolicyError::kOk) return e;
  services_[count_++] = s;
  return PolicyError::kOk;
}

const ServiceProfile* Catalog::find(Str name) const {
  for (size_t i = 0; i < count_; ++i) {
    if (services_[i].name.view() == name) return &services_[i];
  }
  return nullptr;
}

}  // namespace authority
