#include "services/authority/test_catalog.h"

#include <string>

#include <gtest/gtest.h>

namespace authority::testing {
namespace {

// `prefix` then `fill` up to `len` bytes.
std::string Padded(const std::string& prefix, size_t len, char fill) {
  return prefix + std::string(len - prefix.size(), fill);
}

}  // namespace

ServiceProfile make_service(const char* name) {
  ServiceProfile s;
  EXPECT_TRUE(s.name.set(name));
  EXPECT_TRUE(s.description.set("A text adventure"));
  EXPECT_TRUE(s.worker_binary.set("adventure"));
  EXPECT_TRUE(s.worker_profile.set("adventure-worker"));
  Companion& c = s.companions[s.companion_count++];
  EXPECT_TRUE(c.binary.set("adventure-npc"));
  EXPECT_TRUE(c.launcher_profile.set("adventure-npc"));
  c.count = 2;
  ServiceGrant& g = s.grants[s.grant_count++];
  EXPECT_TRUE(g.name.set("console"));
  EXPECT_TRUE(g.interface.set("Console"));
  ServiceExport& e = s.exports[s.export_count++];
  EXPECT_TRUE(e.cap_name.set("adventure"));
  e.kind = CapKind::kAdventure;
  e.rights = rights::kRead | rights::kWrite;
  s.classes[s.class_count++] = PrincipalClass::kUser;
  s.classes[s.class_count++] = PrincipalClass::kOperator;
  return s;
}

ServiceProfile make_full_service(int index) {
  ServiceProfile s;
  const std::string n = "svc" + std::to_string(index) + "-";
  EXPECT_TRUE(s.name.set(Padded(n, kIdentMax, 'n')));
  EXPECT_TRUE(s.description.set(Padded("Everything at its bound ", kDescriptionMax, '~')));
  EXPECT_TRUE(s.worker_binary.set(Padded(n, kBinaryNameMax, 'w')));
  EXPECT_TRUE(s.worker_profile.set(Padded(n, kIdentMax, 'P')));
  for (size_t i = 0; i < kMaxCompanions; ++i) {
    Companion& c = s.companions[s.companion_count++];
    EXPECT_TRUE(c.binary.set(Padded(n + std::to_string(i), kBinaryNameMax, 'c')));
    EXPECT_TRUE(c.launcher_profile.set(Padded(n + std::to_string(i), kIdentMax, 'L')));
    c.count = kMaxCompanionCount;
    c.shared = i % 2 == 0;
  }
  for (size_t i = 0; i < kMaxServiceGrants; ++i) {
    ServiceGrant& g = s.grants[s.grant_count++];
    EXPECT_TRUE(g.name.set(Padded("g" + std::to_string(i) + "-", kIdentMax, 'G')));
    EXPECT_TRUE(g.interface.set(Padded("I" + std::to_string(i), kInterfaceNameMax, 'x')));
    g.holder = static_cast<Holder>(i % 3);
    g.move = i % 2 == 1;
  }
  for (size_t i = 0; i < kMaxExports; ++i) {
    ServiceExport& e = s.exports[s.export_count++];
    EXPECT_TRUE(e.cap_name.set(Padded("e" + std::to_string(i) + ".", kNameMax, '_')));
    e.kind = i % 2 == 0 ? CapKind::kAdventure : CapKind::kPaperclips;
    e.rights = rights::kAll;
  }
  s.per_session_limit = kMaxPerSession;
  s.system_limit = kMaxSystemInstances;
  s.classes[s.class_count++] = PrincipalClass::kOperator;
  s.classes[s.class_count++] = PrincipalClass::kUser;
  return s;
}

}  // namespace authority::testing
