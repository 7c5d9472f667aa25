#include "services/authority/test_policy.h"

#include <string.h>

#include <gtest/gtest.h>

#include "services/lib/password-record/password_record.h"

namespace authority::testing {

BundleEntry entry(const char* name, CapKind kind, uint32_t r) {
  BundleEntry e;
  EXPECT_TRUE(e.name.set(name));
  e.kind = kind;
  e.interface_id = 0x1000 + static_cast<uint64_t>(kind);
  e.rights = r;
  return e;
}

Profile make_profile(const char* name, PrincipalClass suits, bool launcher,
                     std::initializer_list<BundleEntry> caps, bool retired) {
  Profile p;
  EXPECT_TRUE(p.name.set(name));
  p.suits = suits;
  p.launcher = launcher;
  p.retired = retired;
  for (const BundleEntry& e : caps) p.caps[p.cap_count++] = e;
  return p;
}

Account make_account(const char* principal, PrincipalClass cls, AccountState state,
                     const char* password, std::initializer_list<const char*> profiles,
                     uint32_t iterations) {
  Account a;
  EXPECT_TRUE(a.principal.set(principal));
  a.cls = cls;
  a.state = state;
  if (password != nullptr) {
    const uint8_t salt[16] = {1, 2,  3,  4,  5,  6,  7,  8,
                              9, 10, 11, 12, 13, 14, 15, static_cast<uint8_t>(strlen(principal))};
    pwrecord::PasswordRecord r;
    EXPECT_TRUE(
        pwrecord::make_record(password, strlen(password), salt, sizeof(salt), iterations, &r));
    EXPECT_NE(pwrecord::format_record(r, a.record, sizeof(a.record)), 0u);
  }
  for (const char* name : profiles) EXPECT_TRUE(a.profiles[a.profile_count++].set(name));
  return a;
}

void build_test_policy(Policy* p) {
  using enum PrincipalClass;
  using enum CapKind;
  ASSERT_EQ(p->set_password_iterations(pwrecord::kMinIterations), PolicyError::kOk);
  const BundleEntry session = entry("session", kSession, rights::kRead | rights::kControl);
  const BundleEntry info = entry("system_info", kSystemInfo, rights::kRead);
  const BundleEntry chat = entry("chat", kChat, rights::kRead | rights::kWrite);
  const BundleEntry chat_ro = entry("chat", kChat, rights::kRead);
  const BundleEntry launcher = entry("launcher", kLauncher, rights::kControl);
  ASSERT_EQ(
      p->add_profile(make_profile("operator", kOperator, true, {session, info, chat, launcher})),
      PolicyError::kOk);
  ASSERT_EQ(p->add_profile(make_profile("user", kUser, false, {session, info, chat})),
            PolicyError::kOk);
  ASSERT_EQ(p->add_profile(make_profile("guest", kGuest, false, {session, info, chat_ro})),
            PolicyError::kOk);
  ASSERT_EQ(p->add_profile(make_profile("anonymous", kAnonymous, false, {session, info})),
            PolicyError::kOk);
  ASSERT_EQ(p->add_profile(make_profile("old", kUser, false, {session}, true)), PolicyError::kOk);

  using enum AccountState;
  const struct {
    const char* name;
    PrincipalClass cls;
    AccountState state;
    const char* password;
    std::initializer_list<const char*> profiles;
  } accounts[] = {
      {"alice", kOperator, kActive, kAlicePassword, {"operator"}},
      {"bob", kUser, kActive, kBobPassword, {"user", "guest", "old"}},
      {"carol", kUser, kDisabled, kBobPassword, {"user"}},
      {"dave", kUser, kLocked, kBobPassword, {"user"}},
      {"erin", kUser, kRecoveryOnly, kBobPassword, {"user"}},
      {"frank", kUser, kActive, nullptr, {"user"}},
      {"nobody", kUser, kActive, kBobPassword, {}},
      {"guest", kGuest, kActive, nullptr, {"guest", "user"}},
      {"anonymous", kAnonymous, kActive, nullptr, {"anonymous"}},
  };
  for (const auto& a : accounts) {
    ASSERT_EQ(p->add_account(make_account(a.name, a.cls, a.state, a.password, a.profiles)),
              PolicyError::kOk)
        << a.name;
  }
  ASSERT_EQ(p->set_texts("Welcome to capOS", "capOS test build"), PolicyError::kOk);
}

}  // namespace authority::testing
