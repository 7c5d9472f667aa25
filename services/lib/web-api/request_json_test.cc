// DecodeRequestJson against the binary decoder: every Request variant is
// built with capnp, turned into JSON by `capnp convert binary:json` (the
// contract's reference), and both decodings must agree field by field.
#include "services/lib/web-api/request_json.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "schema/remote_session.capnp.h"
#include "services/lib/web-api/request_json_test_util.h"

namespace web_api {
namespace {

namespace s = capos::schema;
using remote_session::Request;

void Command(s::Command::Builder c, const char* verb, std::vector<std::string> args) {
  c.setVerb(verb);
  auto a = c.initArgs(args.size());
  for (size_t i = 0; i < args.size(); ++i) a.set(i, args[i].c_str());
}

// Every variant of every union in Request, and each text at its bound.
std::vector<std::vector<uint8_t>> AllVariants() {
  const std::string tricky = "p\"w\\\n\t\x01 \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 /<>";
  const uint64_t big = 0xfe43154b6712571cull;
  std::vector<std::vector<uint8_t>> v;
  uint32_t id = 1;
  auto add = [&](const std::function<void(RB)>& f) { v.push_back(Build(id++, f)); };
  add([](RB r) { r.setAuthMethods(); });
  add([&](RB r) {
    auto l = r.initLogin();
    l.setRequestedProfile("operator");
    auto p = l.initPassword();
    p.setPrincipal("operator");
    p.setPassword(tricky);
  });
  add([](RB r) {
    auto p = r.initLogin().initPassword();
    p.setPrincipal(std::string(remote_session::kMaxPrincipalBytes, 'u'));
    p.setPassword(std::string(remote_session::kMaxPasswordBytes, 'p'));
    r.getLogin().setRequestedProfile(std::string(remote_session::kMaxProfileBytes, 'f'));
  });
  add([](RB r) { r.initLogin().setGuest(); });
  add([](RB r) { r.initLogin().setAnonymous(); });
  add([](RB r) {
    auto k = r.initLogin().initPublicKey(3);
    k[0] = 0, k[1] = 7, k[2] = 255;
  });
  add([](RB r) { r.initLogin().setOidc("token"); });
  add([](RB r) { r.initLogin().initPasskey(0); });
  add([](RB r) { r.setSessionInfo(); });
  add([](RB r) { r.setCapSetList(); });
  add([&](RB r) {
    auto g = r.initCapSetGet();
    g.setName(std::string(remote_session::kMaxCapNameBytes, 'c'));
    g.setInterfaceId(~0ull);
  });
  add([](RB r) { r.setLogout(); });
  add([](RB r) { r.setExportTranscript(); });
  add([](RB r) { r.setServiceCatalog(); });
  // Call: each method; capName and interfaceId ride along.
  using CB = s::Call::Builder;
  std::vector<std::function<void(CB)>> calls = {
      [](CB c) { c.setSessionInfo(); },
      [](CB c) { c.setSystemMotd(); },
      [](CB c) { c.setSystemBuildInfo(); },
      [](CB c) { c.setChatJoin(); },
      [](CB c) { c.setChatLeave(); },
      [&](CB c) { c.setChatSend(tricky); },
      [](CB c) { c.setChatSend(std::string(remote_session::kMaxChatTextBytes, 'x')); },
      [](CB c) { c.setChatWho(); },
      [](CB c) { c.setChatPoll(12345678901234567890ull); },
      [](CB c) { Command(c.initAdventure(), "go", {"east"}); },
      [](CB c) { Command(c.initAdventure(), "look", {}); },
      [](CB c) {
        Command(c.initAdventure(), "say", {std::string(remote_session::kMaxArgBytes, 'a')});
      },
      [](CB c) { Command(c.initPaperclips(), "setPrice", {"12"}); },
      [](CB c) {
        Command(c.initPaperclips(), std::string(remote_session::kMaxVerbBytes, 'v').c_str(),
                {"a", "b"});
      },
  };
  for (auto& fill : calls) {
    add([&](RB r) {
      auto c = r.initCall();
      c.setCapName("adventure");
      c.setInterfaceId(big);
      fill(c);
    });
  }
  add([](RB r) { r.initCall().setChatWho(); });  // capName, interfaceId left to default
  add([&](RB r) {
    auto l = r.initServiceLaunch();
    l.setProfile("adventure");
    l.setBinary("");
    auto g = l.initGrants(1);
    g[0].setName("adventure");
    g[0].setInterfaceId(big);
  });
  add([](RB r) {
    auto l = r.initServiceLaunch();
    l.setProfile(std::string(remote_session::kMaxServiceNameBytes, 's'));
    l.setBinary("adventure-worker");
    auto g = l.initGrants(remote_session::kMaxServiceGrants);
    for (uint32_t i = 0; i < g.size(); ++i) {
      g[i].setName(std::string(remote_session::kMaxServiceNameBytes - i, char('a' + i)));
      g[i].setInterfaceId(i);
    }
  });
  add([](RB r) { r.initServiceLaunch().setProfile("adventure"); });  // no grants at all
  add([](RB r) { r.setServiceStatus("adventure"); });
  add([](RB r) { r.setServiceStop("paperclips"); });
  v.push_back(Build(~0u, [](RB r) { r.setLogout(); }));
  return v;
}

TEST(RequestJson, EveryVariantDecodesAsTheBinaryForm) {
  ExpectJsonDecodesAsBinary(AllVariants());
}

TEST(RequestJson, VoidMayBeAnEmptyObject) {
  Request a, b;
  std::string with_null = R"({"requestId":4,"call":{"capName":"chat","chatJoin":null}})";
  std::string with_object = R"({"requestId":4,"call":{"capName":"chat","chatJoin":{}}})";
  ASSERT_EQ(DecodeRequestJson(with_null.data(), with_null.size(), &a), RequestJsonStatus::kOk);
  ASSERT_EQ(DecodeRequestJson(with_object.data(), with_object.size(), &b), RequestJsonStatus::kOk);
  ExpectSame(a, b);
  EXPECT_EQ(b.method, remote_session::CallMethod::kChatJoin);
}

}  // namespace
}  // namespace web_api
