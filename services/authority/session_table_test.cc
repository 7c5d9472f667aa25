#include "services/authority/session_table.h"

#include <gtest/gtest.h>

#include "services/authority/test_policy.h"

namespace authority {
namespace {

class SessionTableTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::build_test_policy(&policy_); }
  Decision login(AuthMethod m, const char* who, const char* pw) {
    LoginRequest r;
    r.method = m;
    r.principal = who;
    r.secret = pw;
    r.source_id = 11;
    r.connection_event = 12;
    return auth_.login(r, 500);
  }
  Policy policy_;
  Authenticator auth_{policy_};
  SessionTable table_;
};

TEST_F(SessionTableTest, DenialOpensNothing) {
  EXPECT_EQ(table_.open(login(AuthMethod::kPassword, "alice", "nope"), 1, 0), -1);
  EXPECT_EQ(table_.live_count(), 0u);
}

TEST_F(SessionTableTest, InfoLogoutAndAuditContextAfterLogout) {
  const int s = table_.open(login(AuthMethod::kPassword, "alice", testing::kAlicePassword), 7, 3);
  ASSERT_GE(s, 0);
  const SessionRecord* r = table_.get(s);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->live);
  EXPECT_EQ(r->principal.view(), "alice");
  EXPECT_EQ(r->profile.view(), "operator");
  EXPECT_EQ(r->cls, PrincipalClass::kOperator);
  EXPECT_EQ(r->source_id, 11u);
  EXPECT_EQ(r->cell, 3u);
  AuditRecord a;
  EXPECT_TRUE(table_.logout(s, 9, auth_.next_event(), &a));
  EXPECT_EQ(a.what, AuditEvent::kLogout);
  EXPECT_STREQ(a.principal, "alice");
  EXPECT_FALSE(table_.logout(s, 10, 0, &a));  // idempotent
  ASSERT_NE(table_.get(s), nullptr);          // auditContext still there
  EXPECT_FALSE(table_.get(s)->live);
  EXPECT_EQ(table_.get(s)->connection_event, 12u);
  table_.release(s);
  EXPECT_EQ(table_.get(s), nullptr);
  EXPECT_EQ(table_.get(-1), nullptr);
  EXPECT_EQ(table_.get(static_cast<int>(kMaxSessions)), nullptr);
}

TEST_F(SessionTableTest, FullTableIsBoundExceeded) {
  const Decision d = login(AuthMethod::kAnonymous, "", "");
  ASSERT_TRUE(d.allowed());
  for (size_t i = 0; i < kMaxSessions; ++i) ASSERT_GE(table_.open(d, 1, i), 0);
  EXPECT_EQ(table_.open(d, 1, 0), -1);
  EXPECT_EQ(table_.live_count(), kMaxSessions);
}

}  // namespace
}  // namespace authority
