// The authority's policy data: accounts and resource profiles, held in fixed
// tables (no allocation, no exceptions: this runs in the guest). Filled once at
// start from the manifest-derived AuthorityPolicy (schema/authority.capnp) and
// read-only afterwards. Enum ordinals equal the schema's, so values convert by
// cast after a range check.
#ifndef SERVICES_AUTHORITY_POLICY_H_
#define SERVICES_AUTHORITY_POLICY_H_

#include <stddef.h>
#include <stdint.h>

#include "services/authority/text.h"
#include "services/lib/password-record/password_record.h"

namespace authority {

inline constexpr size_t kNameMax = 31;  // bytes, like kernel-abi's names
inline constexpr size_t kRecordMax = 192;
inline constexpr size_t kMaxAccounts = 32;
inline constexpr size_t kMaxProfiles = 16;
inline constexpr size_t kMaxAccountProfiles = 8;
inline constexpr size_t kMaxBundleEntries = 8;
inline constexpr size_t kMaxAccountKeys = 4;  // authorizedKeys per account
inline constexpr size_t kKeyBytes = 65;       // an uncompressed P-256 point
inline constexpr size_t kTextMax = 512;       // MOTD, build info

enum class PrincipalClass : uint8_t { kAnonymous, kGuest, kUser, kOperator, kService };
enum class AccountState : uint8_t { kActive, kDisabled, kLocked, kRecoveryOnly };
enum class AuthMethod : uint8_t { kPassword, kGuest, kAnonymous, kPublicKey };
// kAdventure and kPaperclips are a launched service's exports (catalog.h),
// never a profile's bundle entries.
enum class CapKind : uint8_t {
  kSession,
  kSystemInfo,
  kChat,
  kLauncher,
  kAdventure,
  kPaperclips,
  kTerminal  // a profile's grant of the session's terminals
};

namespace rights {
inline constexpr uint32_t kRead = 1;
inline constexpr uint32_t kWrite = 2;
inline constexpr uint32_t kControl = 4;
inline constexpr uint32_t kAll = kRead | kWrite | kControl;
}  // namespace rights

// Guest and anonymous principals may never hold a launcher, whatever the
// data says (ARCHITECTURE.md invariant 4).
constexpr bool may_launch(PrincipalClass c) {
  return c != PrincipalClass::kGuest && c != PrincipalClass::kAnonymous;
}

// A bounded name: [a-zA-Z0-9_.-], 1..kNameMax bytes.
struct Name {
  char text[kNameMax + 1] = {};
  uint8_t len = 0;

  Str view() const { return {text, len}; }
  // False (and unchanged) if `s` is empty, too long or has other bytes.
  bool set(Str s);
};

struct BundleEntry {
  Name name;
  CapKind kind = CapKind::kSession;
  uint64_t interface_id = 0;
  uint32_t rights = 0;
};

struct Profile {
  Name name;
  PrincipalClass suits = PrincipalClass::kAnonymous;
  bool retired = false;
  bool launcher = false;  // may the bundle hold a launcher entry
  BundleEntry caps[kMaxBundleEntries];
  uint8_t cap_count = 0;
};

struct Account {
  Name principal;
  PrincipalClass cls = PrincipalClass::kAnonymous;
  AccountState state = AccountState::kDisabled;
  char record[kRecordMax + 1] = {};    // PBKDF2 record text; empty: no password
  Name profiles[kMaxAccountProfiles];  // allowed; [0] is the default
  uint8_t profile_count = 0;
  // publicKey login: the keys that may sign for this account.
  uint8_t keys[kMaxAccountKeys][kKeyBytes] = {};
  uint8_t key_count = 0;

  bool authorizes(const uint8_t* key, size_t len) const;

  bool allows(Str profile) const;
};

enum class PolicyError : uint8_t {
  kOk,
  kFull,               // a table or list bound
  kDuplicate,          // name already present
  kBadEnum,            // class/state/kind out of range
  kBadRecord,          // password record does not parse
  kUnknownProfile,     // account names a profile not (yet) added
  kLauncherForbidden,  // launcher entry for a guest/anonymous profile, or
                       // for a profile without the launcher flag
  kTextTooLong,
  kBadCost,   // password cost out of bounds or set after accounts, or a
              // record hashed at another cost than the policy's
  kBadLimit,  // a catalog service's instance limits, companion count or classes
};
const char* policy_error_name(PolicyError e);

class Policy {
 public:
  // Profiles first: accounts are checked against them. Validation is total:
  // a rejected item leaves the policy unchanged.
  //
  // The PBKDF2 cost (the manifest's authorityPolicy.passwordIterations) is
  // set before any account: every record must have exactly this cost, and
  // the login's dummy record for an unknown principal uses it too, so a
  // denial costs the same whether or not the account exists.
  PolicyError set_password_iterations(uint32_t iterations);
  PolicyError add_profile(const Profile& p);
  PolicyError add_account(const Account& a);
  PolicyError set_texts(Str motd, Str build_info);

  const Account* find_account(Str principal) const;
  const Profile* find_profile(Str name) const;
  uint32_t password_iterations() const { return password_iterations_; }
  // Front-end admission (AuthorityPolicy.preAuthGraceSeconds/maxAuthTries);
  // kBadCost outside 5..600 s / 1..10 tries.
  PolicyError set_admission(uint32_t grace_seconds, uint32_t max_auth_tries);
  uint32_t pre_auth_grace_seconds() const { return pre_auth_grace_seconds_; }
  uint32_t max_auth_tries() const { return max_auth_tries_; }
  // The web UI's browser-session expiry (AuthorityPolicy.webIdleSeconds,
  // webAbsoluteSeconds); kBadCost outside their bounds.
  PolicyError set_web_expiry(uint32_t idle_seconds, uint32_t absolute_seconds);
  uint32_t web_idle_seconds() const { return web_idle_seconds_; }
  uint32_t web_absolute_seconds() const { return web_absolute_seconds_; }
  // AuthorityPolicy.terminalGraceSeconds; kBadCost outside 5..3600.
  PolicyError set_terminal_grace(uint32_t seconds);
  uint32_t terminal_grace_seconds() const { return terminal_grace_seconds_; }
  Str motd() const { return {motd_, motd_len_}; }
  Str build_info() const { return {build_, build_len_}; }

  size_t account_count() const { return account_count_; }
  size_t profile_count() const { return profile_count_; }

 private:
  Account accounts_[kMaxAccounts];
  Profile profiles_[kMaxProfiles];
  size_t account_count_ = 0;
  uint32_t password_iterations_ = pwrecord::kDefaultIterations;
  uint32_t pre_auth_grace_seconds_ = 30;
  uint32_t max_auth_tries_ = 3;
  uint32_t web_idle_seconds_ = 900;
  uint32_t web_absolute_seconds_ = 28800;
  uint32_t terminal_grace_seconds_ = 300;
  size_t profile_count_ = 0;
  char motd_[kTextMax] = {};
  char build_[kTextMax] = {};
  size_t motd_len_ = 0;
  size_t build_len_ = 0;
};

}  // namespace authority

#endif  // SERVICES_AUTHORITY_POLICY_H_
