#include "services/authority/catalog.h"

#include <string>

#include <gtest/gtest.h>

#include "services/authority/test_catalog.h"

namespace authority {
namespace {

using testing::make_full_service;
using testing::make_service;

TEST(CatalogTokenTest, EachKindOfNameKeepsItsCharset) {
  EXPECT_TRUE(valid_token("adventure-2", kIdentMax, Charset::kLowerIdent));
  EXPECT_FALSE(valid_token("Adventure", kIdentMax, Charset::kLowerIdent));
  EXPECT_FALSE(valid_token("2nd", kIdentMax, Charset::kLowerIdent));
  EXPECT_FALSE(valid_token("a_b", kIdentMax, Charset::kLowerIdent));
  EXPECT_TRUE(valid_token("workerProfile-1", kIdentMax, Charset::kMixedIdent));
  EXPECT_FALSE(valid_token("Worker", kIdentMax, Charset::kMixedIdent));
  EXPECT_TRUE(valid_token("RestrictedLauncher", kInterfaceNameMax, Charset::kInterface));
  EXPECT_FALSE(valid_token("Restricted-Launcher", kInterfaceNameMax, Charset::kInterface));
  EXPECT_FALSE(valid_token("console", kInterfaceNameMax, Charset::kInterface));
  EXPECT_TRUE(valid_token("Fight the grue; win! (~5 min)", kDescriptionMax, Charset::kPrintable));
  EXPECT_FALSE(valid_token("red \x1b[31m text", kDescriptionMax, Charset::kPrintable));
  EXPECT_FALSE(valid_token("two\nlines", kDescriptionMax, Charset::kPrintable));
  EXPECT_FALSE(valid_token(std::string("nul\0inside", 10), kDescriptionMax, Charset::kPrintable));
  EXPECT_FALSE(valid_token("", kIdentMax, Charset::kLowerIdent));
  EXPECT_TRUE(valid_token(std::string(kIdentMax, 'a'), kIdentMax, Charset::kLowerIdent));
  EXPECT_FALSE(valid_token(std::string(kIdentMax + 1, 'a'), kIdentMax, Charset::kLowerIdent));
}

TEST(CatalogTokenTest, FailedSetLeavesTheTokenUnchanged) {
  ServiceName n;
  ASSERT_TRUE(n.set("adventure"));
  EXPECT_FALSE(n.set("Bad Name"));
  EXPECT_EQ(n.view(), "adventure");
}

TEST(CatalogTest, AddsAndFinds) {
  Catalog c;
  ASSERT_EQ(c.add(make_service("adventure")), PolicyError::kOk);
  ASSERT_EQ(c.add(make_full_service(1)), PolicyError::kOk);
  EXPECT_EQ(c.count(), 2u);
  ASSERT_NE(c.find("adventure"), nullptr);
  EXPECT_EQ(c.find("adventure")->companions[0].count, 2u);
  EXPECT_EQ(c.find("paperclips"), nullptr);
  EXPECT_EQ(c.at(1).grant_count, kMaxServiceGrants);
}

TEST(CatalogTest, AtMostEightServicesWithUniqueNames) {
  Catalog c;
  for (int i = 0; i < static_cast<int>(kMaxServices); ++i) {
    ASSERT_EQ(c.add(make_full_service(i)), PolicyError::kOk) << i;
  }
  EXPECT_EQ(c.add(make_service("one-more")), PolicyError::kFull);
  Catalog d;
  ASSERT_EQ(d.add(make_service("adventure")), PolicyError::kOk);
  EXPECT_EQ(d.add(make_service("adventure")), PolicyError::kDuplicate);
  EXPECT_EQ(d.count(), 1u);
}

// Only operator and user sessions may launch: a guest or anonymous class
// (never a launcher holder) and a service class are refused outright.
TEST(CatalogTest, RefusesClassesThatMayNotLaunch) {
  for (PrincipalClass bad :
       {PrincipalClass::kGuest, PrincipalClass::kAnonymous, PrincipalClass::kService}) {
    ServiceProfile s = make_service("adventure");
    s.classes[1] = bad;
    Catalog c;
    EXPECT_EQ(c.add(s), PolicyError::kLauncherForbidden) << static_cast<int>(bad);
    EXPECT_EQ(c.count(), 0u);
  }
  ServiceProfile s = make_service("adventure");
  s.classes[1] = static_cast<PrincipalClass>(9);
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadEnum);
  s.classes[1] = PrincipalClass::kUser;
  EXPECT_EQ(Catalog().add(s), PolicyError::kDuplicate);
  s.class_count = 0;
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadLimit);
}

TEST(CatalogTest, RefusesLimitsOutOfBounds) {
  auto with = [](uint32_t per_session, uint32_t system) {
    ServiceProfile s = make_service("adventure");
    s.per_session_limit = per_session;
    s.system_limit = system;
    return Catalog().add(s);
  };
  EXPECT_EQ(with(1, 1), PolicyError::kOk);
  EXPECT_EQ(with(kMaxPerSession, kMaxSystemInstances), PolicyError::kOk);
  EXPECT_EQ(with(0, 8), PolicyError::kBadLimit);
  EXPECT_EQ(with(kMaxPerSession + 1, 8), PolicyError::kBadLimit);
  EXPECT_EQ(with(1, 0), PolicyError::kBadLimit);
  EXPECT_EQ(with(1, kMaxSystemInstances + 1), PolicyError::kBadLimit);
  EXPECT_EQ(with(3, 2), PolicyError::kBadLimit);  // more per session than in all

  ServiceProfile s = make_service("adventure");
  s.companions[0].count = 0;
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadLimit);
  s.companions[0].count = kMaxCompanionCount + 1;
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadLimit);
  s = make_service("adventure");
  s.grant_count = kMaxServiceGrants + 1;
  EXPECT_EQ(Catalog().add(s), PolicyError::kFull);
}

TEST(CatalogTest, RefusesBadGrantsAndExports) {
  ServiceProfile s = make_service("adventure");
  s.grants[1] = s.grants[0];
  s.grant_count = 2;
  EXPECT_EQ(Catalog().add(s), PolicyError::kDuplicate);
  s = make_service("adventure");
  s.grants[0].holder = static_cast<Holder>(3);
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadEnum);

  // Exports are a launched service's own kinds, never a bundle kind.
  for (CapKind k : {CapKind::kSession, CapKind::kSystemInfo, CapKind::kChat, CapKind::kLauncher}) {
    s = make_service("adventure");
    s.exports[0].kind = k;
    EXPECT_EQ(Catalog().add(s), PolicyError::kBadEnum) << static_cast<int>(k);
  }
  s = make_service("adventure");
  s.exports[0].kind = CapKind::kPaperclips;
  EXPECT_EQ(Catalog().add(s), PolicyError::kOk);
  s.exports[0].rights = 8;
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadEnum);
  s = make_service("adventure");
  s.exports[1] = s.exports[0];
  s.export_count = 2;
  EXPECT_EQ(Catalog().add(s), PolicyError::kDuplicate);
}

TEST(CatalogTest, RefusesEmptyTexts) {
  ServiceProfile s = make_service("adventure");
  s.description = Description();
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadEnum);
  s = make_service("adventure");
  s.worker_profile = IdentName();
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadEnum);
  s = make_service("adventure");
  s.companions[0].binary = BinaryName();
  EXPECT_EQ(Catalog().add(s), PolicyError::kBadEnum);
}

}  // namespace
}  // namespace authority
