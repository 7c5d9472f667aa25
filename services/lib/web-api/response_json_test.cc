// RenderResponseJson against `capnp convert binary:json` (the contract's
// reference): a real Session over FakeBackend is driven through every
// Response variant and every CallResult variant; each response frame is
// rendered and compared, as parsed JSON, with the tool's output.
#include "services/lib/web-api/response_json.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "schema/adventure.capnp.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"
#include "services/lib/web-api/capnp_convert.h"
#include "services/lib/web-api/response_json_test_util.h"

namespace web_api {
namespace {

using namespace remote_session;
namespace s = capos::schema;
using CB = s::Call::Builder;

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  SessionLimits limits = [] {
    SessionLimits l;
    l.transcript_capacity = 6;  // small: the export starts with "dropped"
    return l;
  }();
  Session session{backend, SharedBounds{&logins, &holders}, ConnectionInfo{{1, 2}, 0, "u"}, limits};
  TestClient c{session};
  Frames frames;

  void Send(const std::function<void(RS::Builder)>& fill) {
    c.Send(fill);
    frames.Add(c.out.data(), c.last.length);
  }
  void Call(const char* cap, uint64_t iface, const std::function<void(CB)>& f) {
    c.Call(cap, iface, f);
    frames.Add(c.out.data(), c.last.length);
  }
};

capnp::word* Words(std::vector<uint8_t>& v) {
  return reinterpret_cast<capnp::word*>(v.data());
}

std::vector<uint8_t> AdventureResults() {
  capnp::MallocMessageBuilder m;
  auto v = m.initRoot<s::Adventure::StatusResults>().initView();
  v.setOutcome(s::Adventure::Outcome::LOCKED);
  v.setMessage("The gate is locked.");
  v.setYou("operator-1");
  v.setRoom("Gatehouse");
  v.setDescription("Stone walls, a \"heavy\" gate.\nA lamp.");
  auto exits = v.initExits(2);
  exits.set(0, "north");
  exits.set(1, "east");
  v.initItems(1).set(0, "lamp");
  v.initOthers(0);
  v.initInventory(1).set(0, "key");
  v.setScore(5);
  v.setMaxScore(100);
  v.setMoves(42);
  v.setWon(true);
  auto heard = v.initHeard(2);
  heard[0].setFrom("alice");
  heard[0].setText("hello \xe2\x82\xac");
  heard[1].setFrom("npc");
  heard[1].setText("");
  auto players = v.initPlayers(2);
  players[0].setName("alice");
  players[0].setRoom("Hall");
  players[1].setName("troll");
  players[1].setRoom("Bridge");
  players[1].setNpc(true);
  auto words = capnp::messageToFlatArray(m);
  return std::vector<uint8_t>(words.asBytes().begin(), words.asBytes().end());
}

TEST(ResponseJson, EverySessionResponseMatchesCapnpConvert) {
  Env e;
  e.Send([](RS::Builder b) { b.setAuthMethods(); });
  e.Send([](RS::Builder b) { b.setSessionInfo(); });  // denied notAuthenticated
  e.c.Login("operator", "wrong");
  e.frames.Add(e.c.out.data(), e.c.last.length);  // denied authDenied
  e.c.Login("operator", "opensesame");
  e.frames.Add(e.c.out.data(), e.c.last.length);  // loggedIn
  e.Send([](RS::Builder b) { b.setSessionInfo(); });
  e.Send([](RS::Builder b) { b.setServiceCatalog(); });
  e.Send([](RS::Builder b) {
    auto l = b.initServiceLaunch();
    l.setProfile("adventure");
    auto g = l.initGrants(1);
    g[0].setName("adventure");
    g[0].setInterfaceId(FakeBackend::kAdventureIface);
  });
  e.Send([](RS::Builder b) { b.initServiceLaunch().setProfile("nethack"); });  // launchDenied
  e.Send([](RS::Builder b) { b.setServiceStatus("adventure"); });
  e.Send([](RS::Builder b) { b.setCapSetList(); });  // descriptors with params and enum values
  e.Send([](RS::Builder b) {
    auto g = b.initCapSetGet();
    g.setName("adventure");
    g.setInterfaceId(FakeBackend::kAdventureIface);
  });
  e.Call("session", FakeBackend::kOperatorIface, [](CB c) { c.setSessionInfo(); });
  e.Call("system_info", FakeBackend::kSystemIface, [](CB c) { c.setSystemMotd(); });
  e.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatSend("early"); });  // not sent
  e.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  e.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatSend("hi"); });
  e.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); });
  e.backend.pending_chat = true;
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatPoll(0); });
  ChatReply reply;
  reply.message_count = 2;
  reply.messages[0].seq = 1;
  strcpy(reply.messages[0].from, "alice-2");
  strcpy(reply.messages[0].text, "tab\there \"q\" \\ \x01");
  reply.messages[1].seq = 0xffffffffffffffffull;
  strcpy(reply.messages[1].from, "bob");
  reply.truncated = true;
  reply.latest_seq = 9007199254740993ull;  // not exact as a double: must stay a string
  Output o = e.session.CompleteChat(e.backend.last_tag, BackendStatus::kOk, &reply, 2000,
                                    e.c.out.data(), e.c.out.size());
  e.frames.Add(e.c.out.data(), o.length);
  e.backend.pending_chat = false;
  e.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatLeave(); });
  e.c.Call("adventure", FakeBackend::kAdventureIface,
           [](CB c) { c.initAdventure().setVerb("look"); });
  std::vector<uint8_t> results = AdventureResults();
  o = e.session.CompleteService(e.backend.last_tag, BackendStatus::kOk, results.data(),
                                results.size(), 2000, e.c.out.data(), e.c.out.size());
  e.frames.Add(e.c.out.data(), o.length);
  e.Send([](RS::Builder b) { b.setServiceStop("adventure"); });
  e.Send([](RS::Builder b) { b.setExportTranscript(); });
  e.Send([](RS::Builder b) { b.setLogout(); });
  e.Send([](RS::Builder b) { b.setSessionInfo(); });  // denied staleSession

  ExpectAllMatch(e.frames);
  std::set<int> kinds, results_seen;
  for (auto& p : e.frames.payloads) {
    capnp::FlatArrayMessageReader r(kj::arrayPtr(Words(p), p.size() / sizeof(capnp::word)));
    auto resp = r.getRoot<s::Response>();
    kinds.insert(resp.which());
    if (resp.isCallResult()) results_seen.insert(resp.getCallResult().which());
  }
  // Every Response variant, and every CallResult variant but paperclips
  // (FakeBackend runs no Paperclips: response_json_writers_test.cc).
  EXPECT_EQ(kinds.size(), size_t(s::Response::SERVICE_STATE) + 1);
  EXPECT_EQ(results_seen.size(), size_t(s::CallResult::ADVENTURE) + 1);
}

}  // namespace
}  // namespace web_api
