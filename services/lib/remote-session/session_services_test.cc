// The service catalog, launch / status / stop, descriptors and game calls
// through the session core (FakeBackend decides launches in-process).
#include <gtest/gtest.h>

#include <string>

#include "schema/adventure.capnp.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;
using CB = s::Call::Builder;

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  Session session{backend, SharedBounds{&logins, &holders}, ConnectionInfo{{1, 2}, 0, "hostuser"}};
  TestClient c{session};

  s::Response::Reader Launch(const char* profile, uint64_t iface, const char* grant = "adventure",
                             const char* binary = "") {
    return c.Send([&](RS::Builder b) {
      auto l = b.initServiceLaunch();
      l.setProfile(profile);
      l.setBinary(binary);
      if (grant != nullptr) {
        auto g = l.initGrants(1);
        g[0].setName(grant);
        g[0].setInterfaceId(iface);
      }
    });
  }
  s::LaunchDenial Denial(s::Response::Reader r) {
    EXPECT_EQ(TestClient::Code(r), int(ErrCode::LAUNCH_DENIED)) << c.last_text;
    return r.which() == s::Response::DENIED ? r.getDenied().getLaunch() : s::LaunchDenial::NONE;
  }
  s::Response::Reader Adventure(const char* verb, std::vector<std::string> args = {}) {
    return c.Call("adventure", FakeBackend::kAdventureIface, [&](CB call) {
      auto cmd = call.initAdventure();
      cmd.setVerb(verb);
      auto a = cmd.initArgs(args.size());
      for (size_t i = 0; i < args.size(); ++i) a.set(i, args[i].c_str());
    });
  }
};

TEST(Services, CatalogShowsDescriptorsStateAndWhyNot) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto r = e.c.Send([](RS::Builder b) { b.setServiceCatalog(); });
  ASSERT_EQ(r.which(), s::Response::SERVICE_CATALOG) << e.c.last_text;
  auto p = r.getServiceCatalog()[0];
  EXPECT_STREQ(p.getName().cStr(), "adventure");
  EXPECT_TRUE(p.getAvailable());
  EXPECT_EQ(p.getState(), s::ServiceState::NOT_RUNNING);
  EXPECT_EQ(p.getGrants()[0].getHolder(), s::GrantHolder::CLIENT_FACET);
  EXPECT_STREQ(p.getBinaries()[0].cStr(), "adventure-worker");

  Env g;
  g.c.Guest();
  auto gr = g.c.Send([](RS::Builder b) { b.setServiceCatalog(); });
  ASSERT_EQ(gr.which(), s::Response::SERVICE_CATALOG);
  EXPECT_FALSE(gr.getServiceCatalog()[0].getAvailable());
  EXPECT_EQ(gr.getServiceCatalog()[0].getUnavailable(), s::LaunchDenial::NOT_PERMITTED);
  EXPECT_NE(std::string(gr.getServiceCatalog()[0].getReason().cStr()).find("service runner"),
            std::string::npos);
}

TEST(Services, LaunchAddsTheExportAndStopTakesItOut) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto r = e.Launch("adventure", FakeBackend::kAdventureIface);
  ASSERT_EQ(r.which(), s::Response::SERVICE_STATE) << e.c.last_text;
  EXPECT_EQ(r.getServiceState().getState(), s::ServiceState::RUNNING);
  auto list = e.c.Send([](RS::Builder b) { b.setCapSetList(); }).getCapSet();
  auto entry = list[list.size() - 1];
  EXPECT_STREQ(entry.getName().cStr(), "adventure");
  EXPECT_STREQ(entry.getInterfaceName().cStr(), "Adventure");
  // Descriptors: one per method, `go` takes the direction enum.
  ASSERT_EQ(entry.getDescriptors().size(), entry.getMethods().size());
  bool saw_go = false;
  for (auto d : entry.getDescriptors()) {
    if (std::string(d.getName().cStr()) != "go") continue;
    saw_go = true;
    ASSERT_EQ(d.getParams().size(), 1u);
    EXPECT_EQ(d.getParams()[0].getType(), s::ParamType::ENUM);
    EXPECT_STREQ(d.getParams()[0].getValues()[0].cStr(), "north");
  }
  EXPECT_TRUE(saw_go);

  auto stop = e.c.Send([](RS::Builder b) { b.setServiceStop("adventure"); });
  ASSERT_EQ(stop.which(), s::Response::SERVICE_STATE) << e.c.last_text;
  EXPECT_EQ(stop.getServiceState().getState(), s::ServiceState::NOT_RUNNING);
  EXPECT_EQ(TestClient::Code(e.Adventure("look")), int(ErrCode::UNKNOWN_CAP));
  EXPECT_EQ(e.Denial(e.c.Send([](RS::Builder b) { b.setServiceStop("adventure"); })),
            s::LaunchDenial::NOT_RUNNING);
}

TEST(Services, EveryLaunchDenialIsTypedAndStartsNothing) {
  Env e;
  e.c.Login("operator", "opensesame");
  EXPECT_EQ(e.Denial(e.Launch("nethack", FakeBackend::kAdventureIface)),
            s::LaunchDenial::UNKNOWN_PROFILE);
  EXPECT_EQ(e.Denial(e.Launch("adventure", FakeBackend::kAdventureIface, "adventure", "shell")),
            s::LaunchDenial::DISALLOWED_BINARY);
  EXPECT_EQ(e.Denial(e.Launch("adventure", 0, nullptr)), s::LaunchDenial::MISSING_GRANT);
  EXPECT_EQ(e.Denial(e.Launch("adventure", FakeBackend::kChatIface)),
            s::LaunchDenial::WRONG_INTERFACE);
  EXPECT_EQ(e.backend.launches, 0);
  ASSERT_EQ(e.Launch("adventure", FakeBackend::kAdventureIface).which(),
            s::Response::SERVICE_STATE);
  EXPECT_EQ(e.Denial(e.Launch("adventure", FakeBackend::kAdventureIface)),
            s::LaunchDenial::SESSION_QUOTA);
  EXPECT_EQ(e.backend.launches, 1);

  Env g;
  g.c.Guest();
  EXPECT_EQ(g.Denial(g.Launch("adventure", FakeBackend::kAdventureIface)),
            s::LaunchDenial::NOT_PERMITTED);
  EXPECT_EQ(g.backend.launches, 0);
  // The transcript names the rule.
  e.c.Send([](RS::Builder b) { b.setExportTranscript(); });
  EXPECT_NE(e.c.last_text.find("denial=sessionQuota"), std::string::npos);
}

TEST(Services, CommandsAreCheckedAgainstTheDescriptors) {
  Env e;
  e.c.Login("operator", "opensesame");
  ASSERT_EQ(e.Launch("adventure", FakeBackend::kAdventureIface).which(),
            s::Response::SERVICE_STATE);
  EXPECT_EQ(TestClient::Code(e.Adventure("dance")), int(ErrCode::METHOD_DENIED));
  EXPECT_EQ(TestClient::Code(e.Adventure("go", {"sideways"})), int(ErrCode::MALFORMED_REQUEST));
  EXPECT_EQ(TestClient::Code(e.Adventure("go")), int(ErrCode::MALFORMED_REQUEST));
  EXPECT_EQ(TestClient::Code(e.Adventure("take", {std::string(10240, 'x')})),
            int(ErrCode::MALFORMED_REQUEST));
  EXPECT_EQ(TestClient::Code(e.Adventure("look", {"extra"})), int(ErrCode::MALFORMED_REQUEST));
  EXPECT_EQ(e.session.outstanding_worker_calls(), 0u);

  // A good one reaches the backend as Adventure.go(east) and its answer
  // comes back as the view model.
  e.Adventure("go", {"east"});
  ASSERT_TRUE(e.c.last.pending);
  EXPECT_EQ(e.backend.last_service.method, 3);  // Adventure.go
  capnp::FlatArrayMessageReader params(
      kj::arrayPtr(reinterpret_cast<const capnp::word*>(e.backend.last_service_params),
                   e.backend.last_service.params_len / sizeof(capnp::word)));
  EXPECT_EQ(params.getRoot<s::Adventure::GoParams>().getDirection(), s::Adventure::Direction::EAST);

  capnp::MallocMessageBuilder results;
  auto view = results.initRoot<s::Adventure::GoResults>().initView();
  view.setOutcome(s::Adventure::Outcome::NO_EXIT);
  view.setMessage("You can't go that way.");
  view.setRoom("Gatehouse");
  auto words = capnp::messageToFlatArray(results);
  auto bytes = words.asBytes();
  Output done = e.session.CompleteService(e.backend.last_tag, BackendStatus::kOk, bytes.begin(),
                                          bytes.size(), 2000, e.c.out.data(), e.c.out.size());
  ASSERT_GT(done.length, 0u);
  auto r = e.c.Parse();
  ASSERT_EQ(r.which(), s::Response::CALL_RESULT) << e.c.last_text;
  EXPECT_STREQ(r.getCallResult().getAdventure().getOutcome().cStr(), "noExit");
  EXPECT_STREQ(r.getCallResult().getAdventure().getRoom().cStr(), "Gatehouse");

  // Garbage from a service is unavailable, never a crash.
  e.Adventure("look");
  uint8_t junk[16] = {1, 2, 3};
  Output bad = e.session.CompleteService(e.backend.last_tag, BackendStatus::kOk, junk, sizeof(junk),
                                         2000, e.c.out.data(), e.c.out.size());
  ASSERT_GT(bad.length, 0u);
  EXPECT_EQ(TestClient::Code(e.c.Parse()), int(ErrCode::UNAVAILABLE));
}

TEST(Services, LogoutEndsWhatTheSessionLaunched) {
  Env e;
  e.c.Login("operator", "opensesame");
  ASSERT_EQ(e.Launch("adventure", FakeBackend::kAdventureIface).which(),
            s::Response::SERVICE_STATE);
  e.c.Send([](RS::Builder b) { b.setLogout(); });
  EXPECT_EQ(TestClient::Code(e.Adventure("look")), int(ErrCode::STALE_SESSION));
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setServiceCatalog(); })),
            int(ErrCode::STALE_SESSION));
}

}  // namespace
}  // namespace remote_session
