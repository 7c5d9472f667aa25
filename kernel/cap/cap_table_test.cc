#include "kernel/cap/cap_table.h"

#include <gtest/gtest.h>

namespace kobj {
class Object {};
}  // namespace kobj

namespace {

using abi::Error;

TEST(CapTable, EmptySlotIsBadSlot) {
  cap::Table t;
  const cap::Entry* e = nullptr;
  EXPECT_EQ(t.lookup(5, 0, &e), Error::kBadSlot);
  EXPECT_EQ(t.lookup(cap::Table::kSlots, 0, &e), Error::kBadSlot);
  EXPECT_EQ(t.lookup(0xffffffffu, 0, &e), Error::kBadSlot);
}

TEST(CapTable, InsertLookupRelease) {
  cap::Table t;
  kobj::Object o;
  int s = t.insert(&o, 0x1234, 7);
  ASSERT_EQ(s, 0);
  const cap::Entry* e = nullptr;
  ASSERT_EQ(t.lookup(0, 0, &e), Error::kOk);
  EXPECT_EQ(e->object, &o);
  EXPECT_EQ(e->interface_id, 0x1234u);
  EXPECT_EQ(e->rights, 7u);
  cap::Entry out;
  ASSERT_EQ(t.release(0, 0, &out), Error::kOk);
  EXPECT_EQ(out.object, &o);
  EXPECT_EQ(out.rights, 7u);
  EXPECT_EQ(t.live(), 0u);
}

TEST(CapTable, StaleGenerationAfterReleaseAndReuse) {
  cap::Table t;
  kobj::Object a, b;
  ASSERT_EQ(t.insert(&a, 1, 0), 0);
  cap::Entry out;
  ASSERT_EQ(t.release(0, 0, &out), Error::kOk);
  const cap::Entry* e = nullptr;
  EXPECT_EQ(t.lookup(0, 0, &e), Error::kStaleGeneration);
  // The slot is reused, but the old name still cannot reach the new object.
  ASSERT_EQ(t.insert(&b, 2, 0), 0);
  EXPECT_EQ(t.lookup(0, 0, &e), Error::kStaleGeneration);
  ASSERT_EQ(t.lookup(0, t.generation(0), &e), Error::kOk);
  EXPECT_EQ(e->object, &b);
  EXPECT_EQ(t.release(0, 0, &out), Error::kStaleGeneration);
}

TEST(CapTable, FullTableRefusesInsert) {
  cap::Table t;
  kobj::Object o;
  for (uint32_t i = 0; i < cap::Table::kSlots; i++) ASSERT_EQ(t.insert(&o, 1, 0), int(i));
  EXPECT_EQ(t.insert(&o, 1, 0), -1);
  int dropped = 0;
  t.clear([&](const cap::Entry&) { dropped++; });
  EXPECT_EQ(dropped, int(cap::Table::kSlots));
  EXPECT_EQ(t.live(), 0u);
  const cap::Entry* e = nullptr;
  EXPECT_EQ(t.lookup(3, 0, &e), Error::kStaleGeneration);
}

}  // namespace
