#include "services/paperclips-server/paperclips_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace paperclips {
namespace {

// Field by field: a refused command must leave every one of them alone.
void ExpectSame(const Game& a, const Game& b) {
  EXPECT_EQ(a.clips, b.clips);
  EXPECT_EQ(a.unsold, b.unsold);
  EXPECT_EQ(a.wire, b.wire);
  EXPECT_EQ(a.funds_cents, b.funds_cents);
  EXPECT_EQ(a.ticks, b.ticks);
  EXPECT_EQ(a.price_cents, b.price_cents);
  EXPECT_EQ(a.autoclippers, b.autoclippers);
  EXPECT_EQ(a.autoclipper_cost_cents, b.autoclipper_cost_cents);
  EXPECT_EQ(a.wire_cost_cents, b.wire_cost_cents);
  EXPECT_EQ(a.wire_per_spool, b.wire_per_spool);
  EXPECT_EQ(a.speed_percent, b.speed_percent);
  EXPECT_EQ(a.marketing_percent, b.marketing_percent);
  EXPECT_EQ(a.made_fraction, b.made_fraction);
  EXPECT_EQ(a.sold_fraction, b.sold_fraction);
  EXPECT_EQ(a.rng, b.rng);
  EXPECT_EQ(a.projects_done, b.projects_done);
}

struct Msg {
  char buf[96];
  Line line{buf, sizeof(buf)};
  std::string str() const { return buf; }
};

Outcome Buy(Game& g, const std::string& id, std::string* message = nullptr) {
  Msg m;
  Outcome o = BuyProject(g, id.data(), id.size(), m.line);
  if (message != nullptr) *message = m.str();
  return o;
}

TEST(Rules, MakeUsesOneInchOfWire) {
  Game g;
  Msg m;
  EXPECT_EQ(Make(g, m.line), Outcome::kOk);
  EXPECT_EQ(g.clips, 1u);
  EXPECT_EQ(g.unsold, 1u);
  EXPECT_EQ(g.wire, kStartWire - 1);
  EXPECT_EQ(m.str(), "made clip #1");
}

TEST(Rules, MakeWithoutWireIsRefused) {
  Game g;
  g.wire = 0;
  Game before = g;
  Msg m;
  EXPECT_EQ(Make(g, m.line), Outcome::kNoWire);
  ExpectSame(g, before);
}

TEST(Rules, DemandFallsWithPriceAndRisesWithMarketing) {
  Game g;
  EXPECT_EQ(DemandPercent(g), 32u);  // 800 / 25
  g.price_cents = 8;
  EXPECT_EQ(DemandPercent(g), 100u);
  g.price_cents = 1;
  EXPECT_EQ(DemandPercent(g), 100u);  // capped
  g.price_cents = 800;
  EXPECT_EQ(DemandPercent(g), 1u);
  g.price_cents = 1000;
  EXPECT_EQ(DemandPercent(g), 0u);
  g.price_cents = 25;
  g.marketing_percent = 150;
  EXPECT_EQ(DemandPercent(g), 48u);
}

TEST(Rules, SalesFollowDemandExactly) {
  Game g;
  Msg m;
  for (int i = 0; i < 10; ++i) Make(g, m.line);
  // 4 buyers x 32% = 1.28 clips per tick, the fraction carried over.
  Advance(g, 7);
  EXPECT_EQ(g.unsold, 2u);
  EXPECT_EQ(g.funds_cents, 8u * 25);
  Advance(g, 1);
  EXPECT_EQ(g.unsold, 0u);
  EXPECT_EQ(g.funds_cents, 250u);
  EXPECT_EQ(g.ticks, 8u);
}

TEST(Rules, APriceAboveDemandSellsNothing) {
  Game g;
  Msg m;
  Make(g, m.line);
  SetPrice(g, kMaxPriceCents, m.line);
  Advance(g, 1000);
  EXPECT_EQ(g.unsold, 1u);
  EXPECT_EQ(g.funds_cents, 0u);
}

TEST(Rules, AnEmptyShelfBanksNoDemand) {
  Game g;
  Advance(g, 1000);
  Msg m;
  for (int i = 0; i < 5; ++i) Make(g, m.line);
  Advance(g, 1);
  EXPECT_GE(g.unsold, 3u);  // at most 1.28 + 0.99 sold
}

TEST(Rules, SetPriceChecksBounds) {
  Game g;
  Game before = g;
  Msg m;
  EXPECT_EQ(SetPrice(g, kMinPriceCents - 1, m.line), Outcome::kBadPrice);
  EXPECT_EQ(SetPrice(g, kMaxPriceCents + 1, m.line), Outcome::kBadPrice);
  ExpectSame(g, before);
  EXPECT_EQ(SetPrice(g, kMinPriceCents, m.line), Outcome::kOk);
  EXPECT_EQ(SetPrice(g, kMaxPriceCents, m.line), Outcome::kOk);
  EXPECT_EQ(g.price_cents, kMaxPriceCents);
}

TEST(Rules, BuyWireNeedsFundsAndAddsASpool) {
  Game g;
  g.funds_cents = kStartWireCostCents - 1;
  Game before = g;
  Msg m;
  EXPECT_EQ(BuyWire(g, m.line), Outcome::kInsufficientFunds);
  EXPECT_EQ(m.str(), "needs $15.00");
  ExpectSame(g, before);
  g.funds_cents = kStartWireCostCents + 7;
  Msg ok;
  EXPECT_EQ(BuyWire(g, ok.line), Outcome::kOk);
  EXPECT_EQ(g.wire, kStartWire + kStartWirePerSpool);
  EXPECT_EQ(g.funds_cents, 7u);
}

TEST(Rules, WirePriceDriftsWithinBoundsTheSameEveryRun) {
  Game a, b;
  uint64_t lo = ~0ull, hi = 0;
  for (int i = 0; i < 5000; ++i) {
    Advance(a, kWireDriftTicks);
    lo = a.wire_cost_cents < lo ? a.wire_cost_cents : lo;
    hi = a.wire_cost_cents > hi ? a.wire_cost_cents : hi;
  }
  EXPECT_GE(lo, kMinWireCostCents);
  EXPECT_LE(hi, kMaxWireCostCents);
  EXPECT_LT(lo, kStartWireCostCents);
  EXPECT_GT(hi, kStartWireCostCents);
  Advance(b, 5000 * kWireDriftTicks);
  EXPECT_EQ(a.wire_cost_cents, b.wire_cost_cents);
  Game c;
  Advance(c, kWireDriftTicks - 1);
  EXPECT_EQ(c.wire_cost_cents, kStartWireCostCents);  // moves only every 20 ticks
}

TEST(Rules, AutoclippersCostMoreEachAndMakeClipsWhileWireLasts) {
  Game g;
  g.funds_cents = kStartAutoclipperCostCents - 1;
  Game before = g;
  Msg m;
  EXPECT_EQ(BuyAutoclipper(g, m.line), Outcome::kInsufficientFunds);
  ExpectSame(g, before);
  g.funds_cents = 500 + 650;
  EXPECT_EQ(BuyAutoclipper(g, m.line), Outcome::kOk);
  EXPECT_EQ(g.autoclipper_cost_cents, 650u);
  EXPECT_EQ(BuyAutoclipper(g, m.line), Outcome::kOk);
  EXPECT_EQ(g.autoclippers, 2u);
  EXPECT_EQ(g.autoclipper_cost_cents, 815u);
  EXPECT_EQ(g.funds_cents, 0u);
  g.price_cents = kMaxPriceCents;  // nothing sells: count what is made
  Advance(g, 2);                   // 2 x 0.25 x 2 ticks
  EXPECT_EQ(g.clips, 1u);
  Advance(g, 38);
  EXPECT_EQ(g.clips, 20u);
  g.wire = 3;
  Advance(g, 100);
  EXPECT_EQ(g.clips, 23u);
  EXPECT_EQ(g.wire, 0u);
}

TEST(Rules, ImprovedAutoclippersUnlocksAtTenClips) {
  Game g;
  g.clips = 9;
  g.funds_cents = 1000;
  Game before = g;
  std::string why;
  EXPECT_EQ(Buy(g, "improved-autoclippers", &why), Outcome::kProjectLocked);
  EXPECT_EQ(why, "Improved AutoClippers is locked: needs 10 clips made");
  ExpectSame(g, before);
  g.clips = 10;
  g.funds_cents = 199;
  before = g;
  EXPECT_EQ(Buy(g, "improved-autoclippers", &why), Outcome::kInsufficientFunds);
  EXPECT_EQ(why, "needs $2.00");
  ExpectSame(g, before);
  g.funds_cents = 200;
  EXPECT_EQ(Buy(g, "improved-autoclippers"), Outcome::kOk);
  EXPECT_EQ(g.speed_percent, 125u);
  EXPECT_EQ(g.funds_cents, 0u);
  g.funds_cents = 1000;
  before = g;
  EXPECT_EQ(Buy(g, "improved-autoclippers"), Outcome::kProjectDone);
  ExpectSame(g, before);
  // 125%: one autoclipper makes 5 clips in 16 ticks instead of 4.
  g.autoclippers = 1;
  g.price_cents = kMaxPriceCents;
  Advance(g, 16);
  EXPECT_EQ(g.clips, 15u);
}

TEST(Rules, CatchyJingleRaisesDemandAtFiftyClips) {
  Game g;
  g.clips = 49;
  g.funds_cents = 500;
  EXPECT_EQ(Buy(g, "catchy-jingle"), Outcome::kProjectLocked);
  g.clips = 50;
  EXPECT_EQ(Buy(g, "catchy-jingle"), Outcome::kOk);
  EXPECT_EQ(DemandPercent(g), 48u);
}

TEST(Rules, WireExtrusionNeedsTwoAutoclippers) {
  Game g;
  g.autoclippers = 1;
  g.funds_cents = 1500 + 1500;
  std::string why;
  EXPECT_EQ(Buy(g, "wire-extrusion", &why), Outcome::kProjectLocked);
  EXPECT_EQ(why, "Wire Extrusion is locked: needs 2 autoclippers");
  g.autoclippers = 2;
  EXPECT_EQ(Buy(g, "wire-extrusion"), Outcome::kOk);
  EXPECT_EQ(g.wire_per_spool, 2 * kStartWirePerSpool);
  g.wire_cost_cents = 1500;
  Msg m;
  EXPECT_EQ(BuyWire(g, m.line), Outcome::kOk);
  EXPECT_EQ(g.wire, kStartWire + 2 * kStartWirePerSpool);
}

TEST(Rules, LaterProjectsNeedTheirPredecessors) {
  Game g;
  g.clips = 2000;
  g.funds_cents = 100000;
  std::string why;
  EXPECT_EQ(Buy(g, "even-better-autoclippers", &why), Outcome::kProjectLocked);
  EXPECT_EQ(why, "Even Better AutoClippers is locked: needs Improved AutoClippers first");
  EXPECT_EQ(Buy(g, "hypno-harmonics"), Outcome::kProjectLocked);
  EXPECT_EQ(Buy(g, "improved-autoclippers"), Outcome::kOk);
  EXPECT_EQ(Buy(g, "even-better-autoclippers"), Outcome::kOk);
  EXPECT_EQ(g.speed_percent, 175u);
  EXPECT_EQ(Buy(g, "catchy-jingle"), Outcome::kOk);
  EXPECT_EQ(Buy(g, "hypno-harmonics"), Outcome::kOk);
  EXPECT_EQ(g.marketing_percent, 250u);
  EXPECT_EQ(g.projects_done, 0x1bu);  // all but wire-extrusion
}

TEST(Rules, ProjectIdsAreCheckedBeforeLookup) {
  Game g;
  g.clips = 10;
  g.funds_cents = 1000;
  Game before = g;
  EXPECT_EQ(Buy(g, ""), Outcome::kInvalidText);
  EXPECT_EQ(Buy(g, std::string(kMaxProjectIdBytes + 1, 'a')), Outcome::kInvalidText);
  EXPECT_EQ(Buy(g, std::string("improved\0autoclippers", 21)), Outcome::kInvalidText);
  EXPECT_EQ(Buy(g, "improved-autoclippers\n"), Outcome::kInvalidText);
  EXPECT_EQ(Buy(g, "caf\xc3\xa9"), Outcome::kInvalidText);
  EXPECT_EQ(Buy(g, "improved"), Outcome::kUnknownProject);
  EXPECT_EQ(Buy(g, std::string(kMaxProjectIdBytes, 'a')), Outcome::kUnknownProject);
  ExpectSame(g, before);
}

}  // namespace
}  // namespace paperclips
