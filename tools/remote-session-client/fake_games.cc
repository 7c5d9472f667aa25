// The fake's toy games: enough state to make views change between verbs.
// Argument checks stand in for the guest's MethodDescriptor validation.
#include <cstdlib>
#include <string>

#include "tools/remote-session-client/fake_services.h"

namespace rsclient::testing {
namespace {

namespace rs = capos::schema;

void deny(rs::Response::Builder r, rs::ErrorCode code) {
  auto d = r.initDenied();
  d.setCode(code);
  d.setMessage("denied");
}

void set_list(capnp::List<capnp::Text>::Builder l, std::initializer_list<const char*> items) {
  unsigned i = 0;
  for (const char* s : items) l.set(i++, s);
}

}  // namespace

void FakeServices::call(const std::string& cap, rs::Call::Reader c, rs::Response::Builder r) {
  if (cap == "adventure" && c.isAdventure()) return adventure(c.getAdventure(), r);
  if (cap == "paperclips" && c.isPaperclips()) return paperclips(c.getPaperclips(), r);
  deny(r, rs::ErrorCode::METHOD_DENIED);
}

void FakeServices::adventure(rs::Command::Reader cmd, rs::Response::Builder r) {
  const std::string verb = cmd.getVerb();
  const unsigned want = verb == "go" || verb == "take" ? 1 : 0;
  if (verb != "look" && verb != "go" && verb != "take" && verb != "who") {
    return deny(r, rs::ErrorCode::METHOD_DENIED);
  }
  if (cmd.getArgs().size() != want) return deny(r, rs::ErrorCode::MALFORMED_REQUEST);
  const std::string arg = want ? cmd.getArgs()[0].cStr() : "";
  auto v = r.initCallResult().initAdventure();
  v.setOutcome("ok");
  ++moves_;
  if (verb == "go" && arg == "north" && room_ == 0) {
    room_ = 1;
    v.setMessage("You walk north.");
  } else if (verb == "go") {
    v.setOutcome("noExit");
    v.setMessage("You can't go that way.");
  } else if (verb == "take" && arg == "lamp" && room_ == 0 && !has_lamp_) {
    has_lamp_ = true;
    v.setMessage("Taken.");
  } else if (verb == "take") {
    v.setOutcome("noSuchItem");
    v.setMessage("That is not here.");
  }
  v.setYou("operator-1");
  v.setRoom(room_ == 0 ? "Hall" : "Library");
  v.setDescription(room_ == 0 ? "A draughty hall." : "Dusty shelves.");
  set_list(v.initExits(1), {room_ == 0 ? "north" : "south"});
  if (room_ == 0 && !has_lamp_) set_list(v.initItems(1), {"lamp"});
  if (room_ == 1) {
    set_list(v.initOthers(1), {"Grue"});
    auto h = v.initHeard(1)[0];
    h.setFrom("Grue");
    h.setText("who goes there?");
  }
  if (has_lamp_) set_list(v.initInventory(1), {"lamp"});
  v.setScore(has_lamp_ ? 5 : 0);
  v.setMaxScore(10);
  v.setMoves(moves_);
  if (verb == "who") set_list(v.initPlayers(2), {"operator-1 (Hall)", "Grue (Library)"});
}

void FakeServices::paperclips(rs::Command::Reader cmd, rs::Response::Builder r) {
  const std::string verb = cmd.getVerb();
  if (verb != "status" && verb != "make" && verb != "setPrice") {
    return deny(r, rs::ErrorCode::METHOD_DENIED);
  }
  if (cmd.getArgs().size() != (verb == "setPrice" ? 1u : 0u)) {
    return deny(r, rs::ErrorCode::MALFORMED_REQUEST);
  }
  auto v = r.initCallResult().initPaperclips();
  v.setOutcome("ok");
  if (verb == "make") {
    ++clips_;
    v.setMessage("You made a clip.");
  } else if (verb == "setPrice") {
    const int cents = std::atoi(cmd.getArgs()[0].cStr());
    if (cents < 1 || cents > 1000) return deny(r, rs::ErrorCode::MALFORMED_REQUEST);
    price_cents_ = static_cast<uint32_t>(cents);
  }
  v.setClips(clips_);
  v.setUnsold(clips_);
  v.setWire(1000 - clips_);
  v.setFundsCents(105);
  v.setPriceCents(price_cents_);
  v.setDemandPercent(32);
  v.setAutoclipperCostCents(500);
  v.setWireCostCents(2000);
  v.setTicks(7);
  auto cs = v.initCommands(2);
  cs[0].setName("make");
  cs[0].setEnabled(true);
  cs[1].setName("buyAutoclipper");
  cs[1].setReason("insufficient funds");
  auto p = v.initProjects(1)[0];
  p.setId("improved-wire");
  p.setTitle("Improved wire");
  p.setEffect("+50% wire per spool");
  p.setCostCents(750);
}

}  // namespace rsclient::testing
