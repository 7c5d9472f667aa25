#include "services/chat-server/chat_room.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace chat {
namespace {

CallerInfo Caller(uint64_t ref, PrincipalClass c = PrincipalClass::kOperator) {
  CallerInfo info;
  info.session_ref = ref;
  info.principal = c;
  return info;
}

SendOutcome SendText(ChatRoom& room, uint64_t ref, const std::string& text) {
  return room.Send(ref, text.data(), text.size());
}

class ChatRoomTest : public ::testing::Test {
 protected:
  // ~22 KiB: on the heap, as the server keeps it in .bss.
  std::unique_ptr<ChatRoom> owner_ = std::make_unique<ChatRoom>();
  ChatRoom& room_ = *owner_;
};

TEST_F(ChatRoomTest, JoinIsIdempotentAndKeepsTheName) {
  JoinOutcome first = room_.Join(Caller(100));
  ASSERT_EQ(first.status, Status::kOk);
  EXPECT_FALSE(first.already_member);
  EXPECT_STREQ(first.member->name, "operator-1");
  JoinOutcome again = room_.Join(Caller(100));
  ASSERT_EQ(again.status, Status::kOk);
  EXPECT_TRUE(again.already_member);
  EXPECT_STREQ(again.member->name, "operator-1");
  EXPECT_EQ(room_.member_count(), 1u);
}

TEST_F(ChatRoomTest, UnboundCallerCannotDoAnything) {
  EXPECT_EQ(room_.Join(Caller(kNoSession)).status, Status::kNoSession);
  EXPECT_EQ(room_.Leave(kNoSession), Status::kNoSession);
  EXPECT_EQ(SendText(room_, kNoSession, "hi").status, Status::kNoSession);
  EXPECT_EQ(room_.Poll(kNoSession, 0, 0).status, Status::kNoSession);
  EXPECT_EQ(room_.member_count(), 0u);
}

TEST_F(ChatRoomTest, SendWithoutJoiningIsRefusedAndStoresNothing) {
  SendOutcome s = SendText(room_, 7, "hello");
  EXPECT_EQ(s.status, Status::kNotJoined);
  EXPECT_EQ(s.seq, 0u);
  EXPECT_EQ(room_.latest_seq(), 0u);
}

TEST_F(ChatRoomTest, SendAssignsSequenceAndRecordsDisplayName) {
  room_.Join(Caller(7, PrincipalClass::kGuest));
  SendOutcome a = SendText(room_, 7, "one");
  SendOutcome b = SendText(room_, 7, "two");
  ASSERT_EQ(a.status, Status::kOk);
  EXPECT_EQ(a.seq, 1u);
  EXPECT_EQ(b.seq, 2u);
  const Message* m = room_.MessageAt(2);
  ASSERT_NE(m, nullptr);
  EXPECT_STREQ(m->from, "guest-1");
  EXPECT_STREQ(m->text, "two");
  EXPECT_EQ(room_.MessageAt(3), nullptr);
  EXPECT_EQ(room_.MessageAt(0), nullptr);
}

TEST_F(ChatRoomTest, TextBoundAtLimitAndOnePast) {
  room_.Join(Caller(7));
  SendOutcome at = SendText(room_, 7, std::string(kMaxTextBytes, 'a'));
  EXPECT_EQ(at.status, Status::kOk);
  EXPECT_EQ(room_.MessageAt(at.seq)->text_len, kMaxTextBytes);
  SendOutcome past = SendText(room_, 7, std::string(kMaxTextBytes + 1, 'a'));
  EXPECT_EQ(past.status, Status::kBoundExceeded);
  EXPECT_EQ(past.bound, Bound::kTextBytes);
  EXPECT_EQ(past.limit, kMaxTextBytes);
  EXPECT_EQ(room_.latest_seq(), 1u);
}

TEST_F(ChatRoomTest, EmptyAndInvalidTextAreRefused) {
  room_.Join(Caller(7));
  EXPECT_EQ(SendText(room_, 7, "").status, Status::kEmptyText);
  EXPECT_EQ(SendText(room_, 7, "a\nb").status, Status::kInvalidText);
  EXPECT_EQ(SendText(room_, 7, "\xc3").status, Status::kInvalidText);
  EXPECT_EQ(room_.latest_seq(), 0u);
}

TEST_F(ChatRoomTest, MembersBoundAtLimitAndOnePast) {
  for (uint64_t ref = 1; ref <= kMaxMembers; ++ref) {
    ASSERT_EQ(room_.Join(Caller(ref)).status, Status::kOk) << ref;
  }
  EXPECT_EQ(room_.member_count(), kMaxMembers);
  JoinOutcome past = room_.Join(Caller(kMaxMembers + 1));
  EXPECT_EQ(past.status, Status::kBoundExceeded);
  EXPECT_EQ(past.bound, Bound::kMembers);
  EXPECT_EQ(past.limit, kMaxMembers);
  EXPECT_EQ(past.member, nullptr);
  // A member re-joining at the bound is still fine (idempotent).
  EXPECT_EQ(room_.Join(Caller(3)).status, Status::kOk);
  // Leaving frees a place.
  EXPECT_EQ(room_.Leave(3), Status::kOk);
  EXPECT_EQ(room_.Join(Caller(kMaxMembers + 1)).status, Status::kOk);
}

TEST_F(ChatRoomTest, LeaveKeepsJoinOrderAndRejoinGetsNewHandle) {
  room_.Join(Caller(10));
  room_.Join(Caller(20, PrincipalClass::kAnonymous));
  room_.Join(Caller(30, PrincipalClass::kUndisclosed));
  EXPECT_EQ(room_.Leave(10), Status::kOk);
  EXPECT_EQ(room_.Leave(10), Status::kNotJoined);
  ASSERT_EQ(room_.member_count(), 2u);
  EXPECT_STREQ(room_.MemberAt(0).name, "anonymous-2");
  EXPECT_STREQ(room_.MemberAt(1).name, "member-3");
  EXPECT_STREQ(room_.Join(Caller(10)).member->name, "operator-4");
  EXPECT_EQ(SendText(room_, 20, "still here").status, Status::kOk);
}

TEST_F(ChatRoomTest, DropSessionRemovesMembershipOnce) {
  room_.Join(Caller(10));
  room_.Join(Caller(20));
  Member gone;
  EXPECT_TRUE(room_.DropSession(10, &gone));
  EXPECT_EQ(gone.handle, 1u);
  EXPECT_FALSE(room_.DropSession(10));
  EXPECT_FALSE(room_.DropSession(kNoSession));
  EXPECT_EQ(room_.FindMember(10), -1);
  EXPECT_EQ(SendText(room_, 10, "after logout").status, Status::kNotJoined);
  EXPECT_EQ(room_.member_count(), 1u);
}

TEST_F(ChatRoomTest, IdentityComesOnlyFromTheSessionReference) {
  // Same disclosed class, different sessions: two members.
  room_.Join(Caller(1));
  room_.Join(Caller(2));
  EXPECT_EQ(room_.member_count(), 2u);
  // Same session with different disclosure: still one member, first identity kept.
  JoinOutcome j = room_.Join(Caller(1, PrincipalClass::kGuest));
  EXPECT_TRUE(j.already_member);
  EXPECT_STREQ(j.member->name, "operator-1");
  // Another session cannot act as session 1.
  EXPECT_EQ(SendText(room_, 3, "spoof").status, Status::kNotJoined);
}

TEST_F(ChatRoomTest, PollReturnsMessagesAfterSeq) {
  room_.Join(Caller(1));
  for (int i = 0; i < 5; ++i) SendText(room_, 1, "m" + std::to_string(i));
  PollOutcome p = room_.Poll(1, 2, 0);
  EXPECT_EQ(p.status, Status::kOk);
  EXPECT_EQ(p.first_seq, 3u);
  EXPECT_EQ(p.count, 3u);
  EXPECT_FALSE(p.truncated);
  EXPECT_FALSE(p.more);
  EXPECT_EQ(p.latest_seq, 5u);
  PollOutcome none = room_.Poll(1, 5, 0);
  EXPECT_EQ(none.count, 0u);
  PollOutcome future = room_.Poll(1, 99, 0);
  EXPECT_EQ(future.count, 0u);
  EXPECT_EQ(future.latest_seq, 5u);
  EXPECT_EQ(room_.Poll(2, 0, 0).status, Status::kNotJoined);
}

TEST_F(ChatRoomTest, PollLimitSetsMore) {
  room_.Join(Caller(1));
  for (int i = 0; i < 5; ++i) SendText(room_, 1, "m");
  PollOutcome p = room_.Poll(1, 0, 2);
  EXPECT_EQ(p.first_seq, 1u);
  EXPECT_EQ(p.count, 2u);
  EXPECT_TRUE(p.more);
  PollOutcome rest = room_.Poll(1, 2, 3);
  EXPECT_EQ(rest.count, 3u);
  EXPECT_FALSE(rest.more);
}

TEST_F(ChatRoomTest, HistoryWrapsAndPollSaysTruncated) {
  room_.Join(Caller(1));
  // Exactly full: nothing dropped yet.
  for (uint32_t i = 1; i <= kHistoryDepth; ++i) SendText(room_, 1, "x" + std::to_string(i));
  PollOutcome full = room_.Poll(1, 0, 0);
  EXPECT_FALSE(full.truncated);
  EXPECT_EQ(full.count, kHistoryDepth);
  // One past: seq 1 is gone.
  SendText(room_, 1, "x65");
  EXPECT_EQ(room_.MessageAt(1), nullptr);
  ASSERT_NE(room_.MessageAt(2), nullptr);
  EXPECT_STREQ(room_.MessageAt(2)->text, "x2");
  EXPECT_STREQ(room_.MessageAt(65)->text, "x65");
  PollOutcome p = room_.Poll(1, 0, 0);
  EXPECT_TRUE(p.truncated);
  EXPECT_EQ(p.first_seq, 2u);
  EXPECT_EQ(p.count, kHistoryDepth);
  // Polling from the oldest retained seq onwards is not truncated.
  PollOutcome q = room_.Poll(1, 1, 0);
  EXPECT_FALSE(q.truncated);
  EXPECT_EQ(q.first_seq, 2u);
  // Far behind after many wraps.
  for (int i = 0; i < 200; ++i) SendText(room_, 1, "y");
  PollOutcome r = room_.Poll(1, 10, 0);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.first_seq, room_.latest_seq() - kHistoryDepth + 1);
  EXPECT_EQ(r.count, kHistoryDepth);
}

TEST(CallerFromRecv, MapsDisclosedClassesOnly) {
  // Authority numbering: anonymous 0, guest 1, user 2, operator 3, service 4.
  CallerInfo op = CallerFromRecv(77, true, 3, 1, 3);
  EXPECT_EQ(op.session_ref, 77u);
  EXPECT_EQ(op.principal, PrincipalClass::kOperator);
  EXPECT_EQ(op.auth, AuthStrength::kPassword);
  EXPECT_EQ(op.profile, ProfileClass::kOperator);
  CallerInfo anon = CallerFromRecv(78, true, 0, 0, 0);
  EXPECT_EQ(anon.principal, PrincipalClass::kAnonymous);
  EXPECT_EQ(anon.auth, AuthStrength::kNone);
  CallerInfo hidden = CallerFromRecv(79, false, 3, 1, 3);
  EXPECT_EQ(hidden.principal, PrincipalClass::kUndisclosed);
  EXPECT_EQ(hidden.auth, AuthStrength::kUndisclosed);
  EXPECT_EQ(hidden.profile, ProfileClass::kUndisclosed);
  CallerInfo junk = CallerFromRecv(80, true, 5, 3, 200);
  EXPECT_EQ(junk.principal, PrincipalClass::kUndisclosed);
  EXPECT_EQ(junk.auth, AuthStrength::kUndisclosed);
  EXPECT_EQ(junk.profile, ProfileClass::kUndisclosed);
}

}  // namespace
}  // namespace chat
