#include "services/paperclips-server/paperclips_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>
#include <string.h>

#include <memory>
#include <string>
#include <vector>

#include "schema/paperclips.capnp.h"

namespace paperclips {
namespace {

using capos::schema::Paperclips;

std::vector<uint8_t> Bytes(capnp::MessageBuilder& b) {
  auto words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

std::vector<uint8_t> Empty() {
  capnp::MallocMessageBuilder b;
  b.initRoot<Paperclips::StatusParams>();
  return Bytes(b);
}

std::vector<uint8_t> Price(uint32_t cents) {
  capnp::MallocMessageBuilder b;
  b.initRoot<Paperclips::SetPriceParams>().setCents(cents);
  return Bytes(b);
}

std::vector<uint8_t> Project(const std::string& id) {
  capnp::MallocMessageBuilder b;
  b.initRoot<Paperclips::ProjectParams>().setId(capnp::Text::Reader(id.data(), id.size()));
  return Bytes(b);
}

struct Reply {
  HandleResult result;
  std::vector<capnp::word> words;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader;
  // Every method's results are (view :View).
  Paperclips::View::Reader View() {
    if (!reader) return Paperclips::View::Reader();
    return reader->getRoot<Paperclips::StatusResults>().getView();
  }
};

Reply Call(Table& t, Method m, const std::vector<uint8_t>& params, uint64_t session,
           size_t cap = kMinResultBytes) {
  Reply r;
  std::vector<uint8_t> out(cap + 1);
  // The odd offset proves the codec needs no alignment on either side.
  std::vector<uint8_t> in(params.size() + 1);
  if (!params.empty()) memcpy(in.data() + 1, params.data(), params.size());
  r.result = Handle(t, static_cast<uint16_t>(m), in.data() + 1, params.size(), session,
                    out.data() + 1, cap);
  if (r.result.error == abi::Error::kOk) {
    r.words.resize(r.result.length / sizeof(capnp::word));
    memcpy(r.words.data(), out.data() + 1, r.result.length);
    r.reader = std::make_unique<capnp::FlatArrayMessageReader>(
        kj::arrayPtr(r.words.data(), r.words.size()));
  }
  return r;
}

TEST(Codec, InterfaceIdIsTheSchemas) {
  EXPECT_EQ(kInterfaceId, capnp::typeId<Paperclips>());
}

TEST(Codec, FirstCallCreatesTheGameAndStatusShowsIt) {
  Table t;
  Reply r = Call(t, Method::kStatus, {}, 9);
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  EXPECT_STREQ(r.result.log, "paperclips: a game started (1 in play)");
  auto v = r.View();
  EXPECT_EQ(v.getOutcome(), Paperclips::Outcome::OK);
  EXPECT_EQ(v.getWire(), kStartWire);
  EXPECT_EQ(v.getPriceCents(), kStartPriceCents);
  EXPECT_EQ(v.getDemandPercent(), 32u);
  EXPECT_EQ(v.getWireCostCents(), kStartWireCostCents);
  EXPECT_EQ(v.getWirePerSpool(), kStartWirePerSpool);
  EXPECT_EQ(v.getAutoclipperCostCents(), kStartAutoclipperCostCents);
  ASSERT_EQ(v.getCommands().size(), 5u);
  EXPECT_EQ(std::string(v.getCommands()[0].getName().cStr()), "make");
  EXPECT_TRUE(v.getCommands()[0].getEnabled());
  EXPECT_EQ(std::string(v.getCommands()[3].getReason().cStr()), "needs $5.00");
  EXPECT_EQ(v.getProjects().size(), 0u);
  EXPECT_EQ(Call(t, Method::kStatus, Empty(), 9).result.log[0], '\0');
}

TEST(Codec, CommandsChangeOnlyTheCallersGame) {
  Table t;
  for (int i = 0; i < 10; ++i) Call(t, Method::kMake, {}, 1);
  Call(t, Method::kMake, {}, 2);
  auto v = Call(t, Method::kStatus, {}, 1).View();
  EXPECT_EQ(v.getClips(), 10u);
  ASSERT_EQ(v.getProjects().size(), 1u);
  auto p = v.getProjects()[0];
  EXPECT_EQ(std::string(p.getId().cStr()), "improved-autoclippers");
  EXPECT_EQ(p.getCostCents(), 200u);
  EXPECT_FALSE(p.getAvailable());
  EXPECT_EQ(Call(t, Method::kStatus, {}, 2).View().getClips(), 1u);
}

// The README's scripted play, as an integration test drives it: ten makes
// unlock the first project, the clips sell within 8 ticks, then it is bought.
TEST(Codec, QuickestFirstUnlock) {
  Table t;
  Paperclips::View::Reader v;
  Reply r;
  for (int i = 0; i < 10; ++i) {
    r = Call(t, Method::kMake, {}, 3);
    t.Advance(1);  // a call every tick or so
  }
  v = r.View();
  ASSERT_EQ(v.getProjects().size(), 1u);
  EXPECT_EQ(std::string(v.getProjects()[0].getId().cStr()), "improved-autoclippers");
  t.Advance(8);
  r = Call(t, Method::kStatus, {}, 3);
  EXPECT_GE(r.View().getFundsCents(), 200u);
  EXPECT_TRUE(r.View().getProjects()[0].getAvailable());
  r = Call(t, Method::kProject, Project("improved-autoclippers"), 3);
  EXPECT_EQ(r.View().getOutcome(), Paperclips::Outcome::OK);
  EXPECT_TRUE(r.View().getProjects()[0].getDone());
}

TEST(Codec, SetPriceAndProjectDecodeTheirParams) {
  Table t;
  Reply r = Call(t, Method::kSetPrice, Price(40), 1);
  EXPECT_EQ(r.View().getPriceCents(), 40u);
  EXPECT_EQ(std::string(r.View().getMessage().cStr()), "price $0.40: demand 20%");
  EXPECT_EQ(Call(t, Method::kSetPrice, Price(0), 1).View().getOutcome(),
            Paperclips::Outcome::BAD_PRICE);
  EXPECT_EQ(Call(t, Method::kProject, Project("improved-autoclippers"), 1).View().getOutcome(),
            Paperclips::Outcome::PROJECT_LOCKED);
  EXPECT_EQ(Call(t, Method::kProject, Project(std::string(300, 'x')), 1).View().getOutcome(),
            Paperclips::Outcome::INVALID_TEXT);
  EXPECT_EQ(Call(t, Method::kProject, Project("paperclip-factory"), 1).View().getOutcome(),
            Paperclips::Outcome::UNKNOWN_PROJECT);
  EXPECT_EQ(Call(t, Method::kBuyWire, {}, 1).View().getOutcome(),
            Paperclips::Outcome::INSUFFICIENT_FUNDS);
}

TEST(Codec, EndRemovesTheGameAndNeverCreatesOne) {
  Table t;
  EXPECT_EQ(Call(t, Method::kEnd, {}, 4).View().getOutcome(), Paperclips::Outcome::NO_GAME);
  EXPECT_EQ(t.count(), 0u);
  Call(t, Method::kMake, {}, 4);
  Reply r = Call(t, Method::kEnd, Empty(), 4);
  EXPECT_EQ(r.View().getOutcome(), Paperclips::Outcome::OK);
  EXPECT_EQ(r.View().getClips(), 1u);  // the last state of the game
  EXPECT_STREQ(r.result.log, "paperclips: a game ended (0 in play)");
  EXPECT_EQ(t.count(), 0u);
  EXPECT_EQ(Call(t, Method::kEnd, {}, 0).View().getOutcome(), Paperclips::Outcome::NO_SESSION);
}

TEST(Codec, NoSessionAndFullTableAreOutcomes) {
  Table t;
  auto v = Call(t, Method::kMake, {}, kNoSession).View();
  EXPECT_EQ(v.getOutcome(), Paperclips::Outcome::NO_SESSION);
  EXPECT_EQ(v.getCommands().size(), 0u);
  for (uint64_t s = 1; s <= kMaxGames; ++s) Call(t, Method::kStatus, {}, s);
  v = Call(t, Method::kMake, {}, 99).View();
  EXPECT_EQ(v.getOutcome(), Paperclips::Outcome::TABLE_FULL);
  EXPECT_EQ(t.count(), kMaxGames);
}

TEST(Codec, TransportErrorsChangeNothing) {
  Table t;
  EXPECT_EQ(Call(t, static_cast<Method>(7), {}, 1).result.error, abi::Error::kBadMethod);
  Reply small = Call(t, Method::kMake, {}, 1, kMinResultBytes - 1);
  EXPECT_EQ(small.result.error, abi::Error::kResultTooSmall);
  EXPECT_EQ(small.result.length, kMinResultBytes);
  std::vector<uint8_t> junk(24, 0xff);
  EXPECT_EQ(Call(t, Method::kSetPrice, junk, 1).result.error, abi::Error::kMalformedMessage);
  EXPECT_EQ(Call(t, Method::kSetPrice, {}, 1).result.error, abi::Error::kMalformedMessage);
  EXPECT_EQ(Call(t, Method::kMake, junk, 1).result.error, abi::Error::kMalformedMessage);
  EXPECT_EQ(t.count(), 0u);  // no game was even created
}

TEST(Codec, HandleRecvTakesTheSessionFromTheHeader) {
  Table t;
  abi::RecvHeader h{};
  h.interface_id = kInterfaceId + 1;
  alignas(8) uint8_t out[kMinResultBytes];
  EXPECT_EQ(HandleRecv(t, h, nullptr, out, sizeof(out)).error, abi::Error::kWrongInterface);
  h.interface_id = kInterfaceId;
  h.method = static_cast<uint16_t>(Method::kMake);
  h.session_ref = 77;
  EXPECT_EQ(HandleRecv(t, h, nullptr, out, sizeof(out)).error, abi::Error::kOk);
  ASSERT_NE(t.Find(77), nullptr);
  EXPECT_EQ(t.Find(77)->clips, 1u);
}

TEST(Codec, TheLargestViewFitsTheMinimumResultBuffer) {
  Table t;
  Call(t, Method::kStatus, {}, 1);
  Game& g = *t.Find(1);
  g.clips = g.unsold = g.wire = g.funds_cents = g.ticks = ~0ull / 2;
  g.autoclippers = ~0u / 2;
  g.autoclipper_cost_cents = g.wire_cost_cents = ~0ull;  // every command disabled, long reasons
  g.funds_cents = 0;
  g.projects_done = 0x3;  // so the projects that need them are listed too
  Reply r = Call(t, Method::kStatus, {}, 1);
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  EXPECT_EQ(r.View().getProjects().size(), kProjectCount);
  EXPECT_LT(r.result.length, kMinResultBytes / 2);
}

}  // namespace
}  // namespace paperclips
