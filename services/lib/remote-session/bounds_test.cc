#include "services/lib/remote-session/bounds.h"

#include <gtest/gtest.h>
#include <stdio.h>

#include "schema/authority.capnp.h"
#include "services/lib/remote-session/capset.h"

namespace remote_session {
namespace {

// The core's copies of schema/authority.capnp enums (checked here: that
// schema cannot share a TU with remote_session.capnp, both declare Denial).
namespace s = capos::schema;
static_assert(uint16_t(s::PrincipalClass::OPERATOR) == uint16_t(PrincipalClass::kOperator));
static_assert(uint16_t(s::PrincipalClass::SERVICE) == uint16_t(PrincipalClass::kService));
static_assert(uint16_t(s::AuthMethod::ANONYMOUS) == uint16_t(AuthMethod::kAnonymous));
static_assert(uint16_t(s::CapKind::LAUNCHER) == uint16_t(CapKind::kLauncher));
static_assert(s::Rights::WRITE == kRightWrite && s::Rights::CONTROL == kRightControl);

TEST(Counter, LimitAndOnePast) {
  Counter c(2);
  EXPECT_TRUE(c.TryAcquire());
  EXPECT_TRUE(c.TryAcquire());
  EXPECT_FALSE(c.TryAcquire());
  EXPECT_EQ(c.used(), 2u);
  c.Release();
  EXPECT_TRUE(c.TryAcquire());
  c.Release();
  c.Release();
  c.Release();  // extra release is ignored
  EXPECT_EQ(c.used(), 0u);
}

TEST(LoginRegistry, PerPrincipalLimit) {
  LoginRegistry r(2);
  EXPECT_TRUE(r.TryAcquire("alice"));
  EXPECT_TRUE(r.TryAcquire("alice"));
  EXPECT_FALSE(r.TryAcquire("alice"));
  EXPECT_TRUE(r.TryAcquire("bob"));
  EXPECT_EQ(r.Count("alice"), 2u);
  r.Release("alice");
  EXPECT_TRUE(r.TryAcquire("alice"));
  r.Release("nobody");
  EXPECT_EQ(r.Count("nobody"), 0u);
}

TEST(LoginRegistry, TableFullIsABound) {
  LoginRegistry r(1);
  char name[16];
  for (uint32_t i = 0; i < LoginRegistry::kMaxPrincipals; ++i) {
    snprintf(name, sizeof(name), "p%u", i);
    ASSERT_TRUE(r.TryAcquire(name));
  }
  EXPECT_FALSE(r.TryAcquire("one-more"));
  r.Release("p3");
  EXPECT_TRUE(r.TryAcquire("one-more"));
}

TEST(LoginRegistry, RejectsOverlongAndNull) {
  LoginRegistry r(4);
  char longname[kMaxPrincipalBytes + 2];
  memset(longname, 'a', sizeof(longname) - 1);
  longname[sizeof(longname) - 1] = 0;
  EXPECT_FALSE(r.TryAcquire(longname));
  EXPECT_FALSE(r.TryAcquire(nullptr));
}

TEST(CapSet, LookupRules) {
  BundleEntry e[2];
  strcpy(e[0].name, "chat");
  e[0].kind = CapKind::kChat;
  e[0].interface_id = 7;
  e[0].rights = kRightRead;
  strcpy(e[1].name, "session");
  e[1].interface_id = 9;
  CapSet set;
  EXPECT_TRUE(set.Load(e, 2));
  uint32_t i = 99;
  EXPECT_EQ(set.Find("chat", 4, 7, &i), LookupResult::kFound);
  EXPECT_EQ(i, 0u);
  EXPECT_EQ(set.Find("chat", 4, 8, &i), LookupResult::kWrongInterface);
  EXPECT_EQ(set.Find("cha", 3, 7, &i), LookupResult::kUnknownCap);
  EXPECT_EQ(set.Find("chatx", 5, 7, &i), LookupResult::kUnknownCap);
}

TEST(CapSet, LoadBound) {
  BundleEntry e[kMaxBundleEntries + 1];
  for (uint32_t i = 0; i <= kMaxBundleEntries; ++i) snprintf(e[i].name, 8, "c%u", i);
  CapSet set;
  EXPECT_TRUE(set.Load(e, kMaxBundleEntries));
  EXPECT_FALSE(set.Load(e, kMaxBundleEntries + 1));
  EXPECT_EQ(set.size(), kMaxBundleEntries);
}

TEST(CapSet, MethodPolicy) {
  EXPECT_TRUE(MethodAllowed(CapKind::kChat, kRightRead, CallMethod::kChatWho));
  EXPECT_FALSE(MethodAllowed(CapKind::kChat, kRightRead, CallMethod::kChatSend));
  EXPECT_TRUE(MethodAllowed(CapKind::kChat, kRightWrite, CallMethod::kChatSend));
  EXPECT_FALSE(MethodAllowed(CapKind::kSystemInfo, kRightRead, CallMethod::kChatWho));
  EXPECT_FALSE(MethodAllowed(CapKind::kLauncher, 7, CallMethod::kSessionInfo));
  EXPECT_STREQ(PolicyName(kRightRead | kRightWrite), "read-write");
  EXPECT_STREQ(PolicyName(0), "none");
}

}  // namespace
}  // namespace remote_session
