#include "services/paperclips-server/paperclips_table.h"

#include <gtest/gtest.h>

namespace paperclips {
namespace {

TEST(Table, OneGamePerSessionCreatedOnFirstOpen) {
  Table t;
  Game* a = nullptr;
  bool created = false;
  EXPECT_EQ(t.Open(7, &a, &created), Outcome::kOk);
  EXPECT_TRUE(created);
  a->clips = 3;
  Game* again = nullptr;
  EXPECT_EQ(t.Open(7, &again, &created), Outcome::kOk);
  EXPECT_FALSE(created);
  EXPECT_EQ(again, a);
  Game* b = nullptr;
  EXPECT_EQ(t.Open(8, &b, &created), Outcome::kOk);
  EXPECT_NE(b, a);
  EXPECT_EQ(b->clips, 0u);
  EXPECT_EQ(t.count(), 2u);
}

TEST(Table, SessionZeroHasNoGame) {
  Table t;
  Game* g = reinterpret_cast<Game*>(1);
  bool created = true;
  EXPECT_EQ(t.Open(kNoSession, &g, &created), Outcome::kNoSession);
  EXPECT_EQ(g, nullptr);
  EXPECT_FALSE(created);
  EXPECT_EQ(t.Find(kNoSession), nullptr);
  EXPECT_FALSE(t.End(kNoSession, nullptr));
  EXPECT_EQ(t.count(), 0u);
}

TEST(Table, FullTableRefusesNewSessionsButServesOldOnes) {
  Table t;
  Game* g = nullptr;
  bool created = false;
  for (uint64_t s = 1; s <= kMaxGames; ++s) ASSERT_EQ(t.Open(s, &g, &created), Outcome::kOk);
  EXPECT_EQ(t.Open(kMaxGames + 1, &g, &created), Outcome::kTableFull);
  EXPECT_EQ(g, nullptr);
  EXPECT_EQ(t.Open(3, &g, &created), Outcome::kOk);
  EXPECT_TRUE(t.End(3, nullptr));
  EXPECT_EQ(t.Open(kMaxGames + 1, &g, &created), Outcome::kOk);
  EXPECT_TRUE(created);
}

TEST(Table, EndRemovesTheGameAndReturnsItsLastState) {
  Table t;
  Game* g = nullptr;
  bool created = false;
  t.Open(5, &g, &created);
  g->clips = 42;
  Game last;
  EXPECT_TRUE(t.End(5, &last));
  EXPECT_EQ(last.clips, 42u);
  EXPECT_EQ(t.Find(5), nullptr);
  EXPECT_FALSE(t.End(5, &last));
  t.Open(5, &g, &created);
  EXPECT_TRUE(created);
  EXPECT_EQ(g->clips, 0u);  // a new game, not the old one
}

TEST(Table, AdvanceRunsEveryGame) {
  Table t;
  Game* a = nullptr;
  Game* b = nullptr;
  bool created = false;
  t.Open(1, &a, &created);
  t.Open(2, &b, &created);
  t.Advance(12);
  EXPECT_EQ(a->ticks, 12u);
  EXPECT_EQ(b->ticks, 12u);
  t.End(1, nullptr);
  t.Advance(3);
  EXPECT_EQ(b->ticks, 15u);
}

}  // namespace
}  // namespace paperclips
