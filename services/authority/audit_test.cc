#include "services/authority/audit.h"

#include <string.h>

#include <string>

#include <gtest/gtest.h>

namespace authority {
namespace {

TEST(AuditTest, FormatsDenialWithReasonAndEscapesHostileName) {
  AuditRecord r;
  r.event_id = 3;
  r.time_ns = 42;
  r.what = AuditEvent::kLoginDenied;
  r.reason = DenyReason::kBadPassword;
  audit_copy(r.principal, std::string_view("ev\"il\n\x01", 7));
  audit_copy(r.profile, "operator");
  r.source_id = 0xabc;
  r.connection_event = 9;
  char out[256];
  format_audit(r, out, sizeof(out));
  EXPECT_STREQ(out,
               "audit event=3 t=42 login-denied reason=badPassword method=password "
               "principal=\"ev\\x22il\\x0a\\x01\" profile=\"operator\" "
               "source=0000000000000abc conn=9");
}

TEST(AuditTest, TruncatesLongNamesAndSmallBuffers) {
  AuditRecord r;
  r.what = AuditEvent::kLoginOk;
  audit_copy(r.principal, std::string(200, 'x'));
  EXPECT_EQ(strlen(r.principal), kAuditNameMax);
  char out[16];
  const size_t n = format_audit(r, out, sizeof(out));
  EXPECT_EQ(n, 15u);
  EXPECT_EQ(strlen(out), 15u);
  EXPECT_EQ(format_audit(r, out, 0), 0u);
  char full[256];
  format_audit(r, full, sizeof(full));
  EXPECT_EQ(std::string(full).find("reason="), std::string::npos);  // only on denials
}

}  // namespace
}  // namespace authority
