#include "services/chat-server/chat_log.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace chat {
namespace {

Member Operator(uint64_t ref) {
  ChatRoom room;
  CallerInfo c;
  c.session_ref = ref;
  c.principal = PrincipalClass::kOperator;
  c.auth = AuthStrength::kPassword;
  c.profile = ProfileClass::kOperator;
  return *room.Join(c).member;
}

TEST(ChatLog, JoinLineNamesHandleAndDisclosedClassNotTheSession) {
  Member m = Operator(0x1234abcd5678ef90ull);
  char line[128];
  size_t n = FormatJoinLog(m, line, sizeof(line));
  EXPECT_STREQ(line, "chat: join from session m1 class=operator auth=password profile=operator");
  EXPECT_EQ(n, std::strlen(line));
  std::string s(line);
  // Neither the decimal nor the hex form of the session reference appears.
  EXPECT_EQ(s.find("1234abcd"), std::string::npos);
  EXPECT_EQ(s.find(std::to_string(0x1234abcd5678ef90ull)), std::string::npos);
}

TEST(ChatLog, UndisclosedFieldsSaySo) {
  ChatRoom room;
  CallerInfo c;
  c.session_ref = 9;
  char line[128];
  FormatJoinLog(*room.Join(c).member, line, sizeof(line));
  EXPECT_STREQ(line,
               "chat: join from session m1 class=member auth=undisclosed profile=undisclosed");
}

TEST(ChatLog, LeaveLineCarriesReason) {
  char line[128];
  FormatLeaveLog(Operator(5), "session dropped", line, sizeof(line));
  EXPECT_STREQ(line, "chat: leave session m1 class=operator (session dropped)");
}

TEST(ChatLog, TruncatesAndTerminatesInSmallBuffers) {
  Member m = Operator(5);
  char line[12];
  std::memset(line, 'x', sizeof(line));
  size_t n = FormatJoinLog(m, line, sizeof(line));
  EXPECT_EQ(n, 11u);
  EXPECT_STREQ(line, "chat: join ");
  char none[1] = {'x'};
  EXPECT_EQ(FormatJoinLog(m, none, 0), 0u);
  EXPECT_EQ(none[0], 'x');  // cap 0: nothing written
}

}  // namespace
}  // namespace chat
