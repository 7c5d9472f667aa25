// Grants, turns and pending answers (answers.h) on the host's kj event
// loop: a revoked grant fails its waiting calls "staleSession" and leaves
// another login's alone, the core is fed one call at a time in arrival
// order and never while it is busy, and an answer reaches the call with
// its origin only.
#include "services/rpc-gateway/answers.h"

#include <gtest/gtest.h>
#include <kj/async.h>

#include <string>
#include <vector>

namespace rpc_gateway {
namespace {

CoreAnswer Frame(kj::byte tag) {
  CoreAnswer a;
  a.frame = kj::heapArray<kj::byte>(1);
  a.frame[0] = tag;
  return a;
}

TEST(Answers, AnswerReachesTheCallWithItsOriginOnly) {
  kj::EventLoop loop;
  kj::WaitScope ws(loop);
  Answers answers;
  auto one = answers.Expect(1, nullptr);
  auto two = answers.Expect(2, nullptr);
  EXPECT_FALSE(answers.Deliver(3, Frame(3)));  // nobody asked: dropped
  EXPECT_TRUE(answers.Deliver(2, Frame(2)));
  EXPECT_EQ(two.wait(ws).frame[0], 2);
  EXPECT_FALSE(one.poll(ws));
  EXPECT_TRUE(answers.Deliver(1, Frame(1)));
  EXPECT_EQ(one.wait(ws).frame[0], 1);
  EXPECT_EQ(answers.waiting(), 0u);
}

TEST(Answers, RevokedGrantFailsItsCallsStaleAndSparesTheNextLogin) {
  kj::EventLoop loop;
  kj::WaitScope ws(loop);
  Answers answers;
  kj::Own<Grant> first = kj::refcounted<Grant>();
  kj::Own<Grant> second = kj::refcounted<Grant>();
  auto old_call = answers.Expect(1, kj::addRef(*first));
  auto new_call = answers.Expect(2, kj::addRef(*second));
  auto pre_auth = answers.Expect(3, nullptr);
  EXPECT_EQ(answers.RejectRevoked(), 0u);  // nothing revoked yet
  first->Revoke();
  EXPECT_FALSE(first->live());
  EXPECT_EQ(answers.RejectRevoked(), 1u);
  kj::Maybe<kj::Exception> failed = kj::runCatchingExceptions([&]() { old_call.wait(ws); });
  KJ_IF_MAYBE (e, failed) {
    EXPECT_EQ(std::string(e->getDescription().cStr()), "staleSession");
  } else {
    ADD_FAILURE() << "the revoked login's call was answered";
  }
  // Its late answer finds nobody; the other login's and the pre-auth call
  // still get theirs.
  EXPECT_FALSE(answers.Deliver(1, Frame(1)));
  EXPECT_TRUE(answers.Deliver(2, Frame(2)));
  EXPECT_TRUE(answers.Deliver(3, Frame(3)));
  EXPECT_EQ(new_call.wait(ws).frame[0], 2);
  EXPECT_EQ(pre_auth.wait(ws).frame[0], 3);
}

TEST(Turns, OneAtATimeInArrivalOrderNeverWhileBusy) {
  kj::EventLoop loop;
  kj::WaitScope ws(loop);
  bool busy = false;
  Turns turns([&]() { return !busy; });
  std::vector<int> order;
  auto take = [&](int n) {
    return turns.Next().then([&order, n](kj::Own<Turns::Turn>&& t) { order.push_back(n); });
  };
  // The first call is taken at once; it makes the core busy (a login).
  auto first = turns.Next().wait(ws);
  busy = true;
  auto a = take(1);
  auto b = take(2);
  first = nullptr;  // the turn ends, but the core is busy: nobody moves
  ws.poll();
  EXPECT_TRUE(order.empty());
  EXPECT_EQ(turns.waiting(), 2u);
  busy = false;  // the login's answer arrived
  turns.Wake();
  a.wait(ws);
  b.wait(ws);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(Turns, CancelledWaiterPassesItsTurnOn) {
  kj::EventLoop loop;
  kj::WaitScope ws(loop);
  bool busy = true;
  Turns turns([&]() { return !busy; });
  bool second_ran = false;
  {
    auto dropped = turns.Next();  // its call is cancelled before its turn
  }
  auto second = turns.Next().then([&](kj::Own<Turns::Turn>&&) { second_ran = true; });
  busy = false;
  turns.Wake();
  second.wait(ws);
  EXPECT_TRUE(second_ran);
}

}  // namespace
}  // namespace rpc_gateway
