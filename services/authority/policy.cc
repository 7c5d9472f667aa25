#include "services/authority/policy.h"

#include <string.h>

#include "services/lib/password-record/password_record.h"

namespace authority {
namespace {

bool name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool valid_class(PrincipalClass c) {
  return static_cast<uint8_t>(c) <= 4;
}

}  // namespace

bool Name::set(Str s) {
  if (s.empty() || s.size() > kNameMax) return false;
  for (char c : s) {
    if (!name_byte(c)) return false;
  }
  memcpy(text, s.data(), s.size());
  text[s.size()] = '\0';
  len = static_cast<uint8_t>(s.size());
  return true;
}

bool Account::allows(Str profile) const {
  for (uint8_t i = 0; i < profile_count; ++i) {
    if (profiles[i].view() == profile) return true;
  }
  return false;
}

bool Account::authorizes(const uint8_t* key, size_t len) const {
  if (len != kKeyBytes) return false;
  for (uint8_t i = 0; i < key_count; ++i) {
    if (memcmp(keys[i], key, kKeyBytes) == 0) return true;
  }
  return false;
}

const char* policy_error_name(PolicyError e) {
  switch (e) {
    case PolicyError::kOk:
      return "ok";
    case PolicyError::kFull:
      return "full";
    case PolicyError::kDuplicate:
      return "duplicate";
    case PolicyError::kBadEnum:
      return "badEnum";
    case PolicyError::kBadRecord:
      return "badRecord";
    case PolicyError::kUnknownProfile:
      return "unknownProfile";
    case PolicyError::kLauncherForbidden:
      return "launcherForbidden";
    case PolicyError::kTextTooLong:
      return "textTooLong";
    case PolicyError::kBadCost:
      return "badCost";
    case PolicyError::kBadLimit:
      return "badLimit";
  }
  return "?";
}

PolicyError Policy::set_admission(uint32_t grace_seconds, uint32_t max_auth_tries) {
  if (grace_seconds < 5 || grace_seconds > 600 || max_auth_tries < 1 || max_auth_tries > 10)
    return PolicyError::kBadCost;
  pre_auth_grace_seconds_ = grace_seconds;
  max_auth_tries_ = max_auth_tries;
  return PolicyError::kOk;
}

PolicyError Policy::set_web_expiry(uint32_t idle_seconds, uint32_t absolute_seconds) {
  if (idle_seconds < 10 || idle_seconds > 86400 || absolute_seconds < 30 ||
      absolute_seconds > 604800 || absolute_seconds < idle_seconds)
    return PolicyError::kBadCost;
  web_idle_seconds_ = idle_seconds;
  web_absolute_seconds_ = absolute_seconds;
  return PolicyError::kOk;
}

PolicyError Policy::set_terminal_grace(uint32_t seconds) {
  if (seconds < 5 || seconds > 3600) return PolicyError::kBadCost;
  terminal_grace_seconds_ = seconds;
  return PolicyError::kOk;
}

PolicyError Policy::set_password_iterations(uint32_t iterations) {
  // After an account the records already checked could disagree.
  if (!pwrecord::valid_iterations(iterations) || account_count_ != 0) return PolicyError::kBadCost;
  password_iterations_ = iterations;
  return PolicyError::kOk;
}

PolicyError Policy::add_profile(const Profile& p) {
  if (profile_count_ == kMaxProfiles) return PolicyError::kFull;
  if (p.cap_count > kMaxBundleEntries) return PolicyError::kFull;
  if (p.name.len == 0 || !valid_class(p.suits)) return PolicyError::kBadEnum;
  if (find_profile(p.name.view()) != nullptr) return PolicyError::kDuplicate;
  for (uint8_t i = 0; i < p.cap_count; ++i) {
    const BundleEntry& e = p.caps[i];
    // A profile grants the session kinds and the terminal manager; game
    // exports join only with a launch.
    bool bundle_kind = static_cast<uint8_t>(e.kind) <= 3 || e.kind == CapKind::kTerminal;
    if (!bundle_kind || e.name.len == 0) return PolicyError::kBadEnum;
    if (e.kind == CapKind::kLauncher && (!p.launcher || !may_launch(p.suits))) {
      return PolicyError::kLauncherForbidden;
    }
    for (uint8_t j = 0; j < i; ++j) {
      if (p.caps[j].name.view() == e.name.view()) return PolicyError::kDuplicate;
    }
  }
  if (p.launcher && !may_launch(p.suits)) return PolicyError::kLauncherForbidden;
  profiles_[profile_count_++] = p;
  return PolicyError::kOk;
}

PolicyError Policy::add_account(const Account& a) {
  if (account_count_ == kMaxAccounts) return PolicyError::kFull;
  if (a.principal.len == 0 || !valid_class(a.cls) || static_cast<uint8_t>(a.state) > 3) {
    return PolicyError::kBadEnum;
  }
  if (a.profile_count > kMaxAccountProfiles || a.key_count > kMaxAccountKeys) {
    return PolicyError::kFull;
  }
  for (uint8_t i = 0; i < a.key_count; ++i) {
    if (a.keys[i][0] != 0x04) return PolicyError::kBadRecord;  // not an uncompressed point
  }
  if (find_account(a.principal.view()) != nullptr) return PolicyError::kDuplicate;
  const size_t record_len = strnlen(a.record, sizeof(a.record));
  if (record_len == sizeof(a.record)) return PolicyError::kBadRecord;
  pwrecord::PasswordRecord parsed;
  if (record_len != 0 && !pwrecord::parse_record(a.record, record_len, &parsed)) {
    return PolicyError::kBadRecord;
  }
  if (record_len != 0 && parsed.iterations != password_iterations_) return PolicyError::kBadCost;
  for (uint8_t i = 0; i < a.profile_count; ++i) {
    if (find_profile(a.profiles[i].view()) == nullptr) return PolicyError::kUnknownProfile;
  }
  accounts_[account_count_++] = a;
  return PolicyError::kOk;
}

PolicyError Policy::set_texts(Str motd, Str build_info) {
  if (motd.size() >= kTextMax || build_info.size() >= kTextMax) return PolicyError::kTextTooLong;
  memcpy(motd_, motd.data(), motd.size());
  motd_len_ = motd.size();
  memcpy(build_, build_info.data(), build_info.size());
  build_len_ = build_info.size();
  return PolicyError::kOk;
}

const Account* Policy::find_account(Str principal) const {
  for (size_t i = 0; i < account_count_; ++i) {
    if (accounts_[i].principal.view() == principal) return &accounts_[i];
  }
  return nullptr;
}

const Profile* Policy::find_profile(Str name) const {
  for (size_t i = 0; i < profile_count_; ++i) {
    if (profiles_[i].name.view() == name) return &profiles_[i];
  }
  return nullptr;
}

}  // namespace authority
