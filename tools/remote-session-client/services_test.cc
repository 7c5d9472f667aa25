// The service steps (services, launch, status, stop, help, game calls)
// against the fake gateway: what goes on the wire and how answers render.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/fake_gateway.h"
#include "tools/remote-session-client/test_support.h"

namespace rsclient {
namespace {

using testing::FakeGateway;
using testing::run;
using testing::run_binary;
using testing::RunResult;
using testing::steps_of;

const std::string kPw = testing::kOperatorPassword;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> launches(FakeGateway& gw) {
  std::vector<std::string> out;
  for (const auto& s : gw.seen()) {
    if (s.rfind("launch ", 0) == 0) out.push_back(s);
  }
  return out;
}

TEST(Services, CatalogRendersEveryField) {
  FakeGateway gw;
  RunResult r = run(gw.port(), steps_of({"login", "services"}), kPw);
  EXPECT_EQ(r.code, kExitOk);
  ASSERT_EQ(r.human.size(), 2u);
  const std::string& h = r.human[1];
  EXPECT_TRUE(has(h, "services: services (2):")) << h;
  EXPECT_TRUE(has(h, "adventure: A shared text world")) << h;
  EXPECT_TRUE(has(h, "state: notRunning, available")) << h;
  EXPECT_TRUE(has(h, "binaries: adventure-worker, adventure-server")) << h;
  EXPECT_TRUE(has(h, "companions: adventure-server x2 (shared)")) << h;
  EXPECT_TRUE(
      has(h, "chat  interface=0x0000000000003333 (Chat)  holder=clientFacet  transfer=copy"))
      << h;
  EXPECT_TRUE(has(h,
                  "control  interface=0x0000000000004444 (ServiceWorker)  holder=serviceOwned  "
                  "transfer=move"))
      << h;
  EXPECT_TRUE(has(h, "exports:\n      adventure  interface=0xfe43154b6712571c (Adventure)")) << h;
  EXPECT_TRUE(has(h,
                  "policy: start on request, attach per session, stop with the session; "
                  "limits 1 per session, 8 system-wide"))
      << h;
  // --json is the DTO itself, enums by name.
  const std::string& j = r.json[1];
  EXPECT_TRUE(has(j, "\"serviceCatalog\":[{\"name\":\"adventure\"")) << j;
  EXPECT_TRUE(has(j, "\"holder\":\"clientFacet\"")) << j;
  EXPECT_TRUE(has(j, "\"perSessionLimit\":1")) << j;
  EXPECT_TRUE(has(j, "\"state\":\"notRunning\"")) << j;
}

TEST(Services, UnavailableProfilesSayWhy) {
  FakeGateway gw;
  RunResult r = run(gw.port(), steps_of({"login --guest", "services", "launch adventure"}), {});
  EXPECT_TRUE(has(r.human[1],
                  "unavailable: notPermitted (this session's class holds no service "
                  "runner)"))
      << r.human[1];
  EXPECT_TRUE(has(r.human[2], "denied: launchDenied (notPermitted)")) << r.human[2];
  EXPECT_EQ(r.code, kExitDenied);
}

TEST(Launch, DefaultGrantsAreTheCatalogsClientFacets) {
  FakeGateway gw;
  RunResult r = run(gw.port(), steps_of({"login", "launch adventure", "launch paperclips"}), kPw);
  EXPECT_EQ(r.code, kExitOk) << r.human[1];
  // Only the clientFacet grants, never the backend-held or service-owned.
  const auto l = launches(gw);
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0], "launch adventure binary= grants=chat:0x3333,");
  EXPECT_EQ(l[1], "launch paperclips binary= grants=session:0x1111,");
  // The catalog fetch is the client's own: not an emitted step.
  ASSERT_EQ(r.human.size(), 3u);
  EXPECT_EQ(r.human[1],
            "launch adventure: adventure running, 1 process\n"
            "  export adventure  interface=0xfe43154b6712571c (Adventure)");
  EXPECT_TRUE(has(r.json[1], "\"serviceState\":{\"profile\":\"adventure\",\"state\":\"running\""))
      << r.json[1];
}

TEST(Launch, ExplicitGrantsReplaceTheDefault) {
  FakeGateway gw;
  RunResult r =
      run(gw.port(),
          steps_of({"login", "launch adventure --grant chat:0x2222", "launch adventure --no-grants",
                    "launch adventure --grant chat:0x3333 --grant extra:7",
                    "launch adventure --binary adventure-server", "launch nosuch",
                    "launch adventure --grant=chat:13107", "launch adventure"}),
          kPw);
  const auto l = launches(gw);
  ASSERT_EQ(l.size(), 7u);
  EXPECT_EQ(l[0], "launch adventure binary= grants=chat:0x2222,");
  EXPECT_EQ(l[1], "launch adventure binary= grants=");
  EXPECT_EQ(l[2], "launch adventure binary= grants=chat:0x3333,extra:0x7,");
  EXPECT_EQ(l[3], "launch adventure binary=adventure-server grants=chat:0x3333,");
  EXPECT_EQ(l[4], "launch nosuch binary= grants=");  // not in the catalog: none
  EXPECT_EQ(l[5], "launch adventure binary= grants=chat:0x3333,");
  EXPECT_TRUE(has(r.human[1], "denied: launchDenied (wrongInterface): launch refused"))
      << r.human[1];
  EXPECT_TRUE(has(r.human[2], "(missingGrant)")) << r.human[2];
  EXPECT_TRUE(has(r.human[3], "(unexpectedGrant)")) << r.human[3];
  EXPECT_TRUE(has(r.human[4], "(disallowedBinary)")) << r.human[4];
  EXPECT_TRUE(has(r.human[5], "(unknownProfile)")) << r.human[5];
  EXPECT_TRUE(has(r.human[6], "adventure running")) << r.human[6];
  EXPECT_TRUE(has(r.human[7], "denied: launchDenied (sessionQuota)")) << r.human[7];
  EXPECT_TRUE(has(r.json[7],
                  "\"outcome\":\"denied\",\"exit\":1,\"code\":\"launchDenied\","
                  "\"launch\":\"sessionQuota\""))
      << r.json[7];
  EXPECT_TRUE(has(r.json[7], "\"message\":\"launch refused\",\"launch\":\"sessionQuota\""))
      << r.json[7];
  EXPECT_EQ(r.code, kExitDenied);
}

TEST(Launch, StatusAndStop) {
  FakeGateway gw;
  RunResult r = run(gw.port(),
                    steps_of({"login", "status adventure", "launch adventure", "status adventure",
                              "stop adventure", "stop adventure", "status adventure"}),
                    kPw);
  EXPECT_EQ(r.human[1], "status adventure: adventure notRunning, 0 processes");
  EXPECT_TRUE(has(r.human[3], "status adventure: adventure running, 1 process\n  export"))
      << r.human[3];
  EXPECT_EQ(r.human[4], "stop adventure: adventure notRunning, 0 processes");
  EXPECT_TRUE(has(r.human[5], "denied: launchDenied (notRunning)")) << r.human[5];
  EXPECT_EQ(r.code, kExitDenied);
}

// The flow the integration test needs: one connection that logs in,
// launches, plays several verbs and logs out. The CapSet is listed before
// the launch (a chat call), so resolving `adventure` must list it again.
TEST(Games, AdventureOnOneConnection) {
  FakeGateway gw;
  RunResult r =
      run(gw.port(),
          steps_of({"login", "call chat join", "launch adventure", "call adventure look",
                    "call adventure take lamp", "call adventure go west", "call adventure go north",
                    "call adventure who", "call adventure dance", "call adventure go", "logout"}),
          kPw);
  ASSERT_EQ(r.human.size(), 11u);
  EXPECT_EQ(r.human[3],
            "call adventure look: ok\n"
            "  == Hall ==  (you are operator-1)\n"
            "  A draughty hall.\n"
            "  exits: north\n"
            "  items here: lamp\n"
            "  inventory: nothing\n"
            "  score 0/10, 1 move");
  EXPECT_TRUE(has(r.human[4], "call adventure take lamp: Taken.")) << r.human[4];
  EXPECT_TRUE(has(r.human[4], "inventory: lamp\n  score 5/10, 2 moves")) << r.human[4];
  EXPECT_TRUE(has(r.human[5], "go west: [noExit] You can't go that way. (nothing changed)"))
      << r.human[5];
  EXPECT_TRUE(has(r.human[6], "== Library ==")) << r.human[6];
  EXPECT_TRUE(has(r.human[6], "also here: Grue")) << r.human[6];
  EXPECT_TRUE(has(r.human[6], "heard:\n    Grue: who goes there?")) << r.human[6];
  EXPECT_TRUE(has(r.human[7], "players:\n    operator-1 (Hall)\n    Grue (Library)")) << r.human[7];
  EXPECT_TRUE(has(r.human[8], "denied: methodDenied")) << r.human[8];
  EXPECT_TRUE(has(r.human[9], "denied: malformedRequest")) << r.human[9];
  EXPECT_EQ(r.human[10], "logout: logged out");
  // --json carries the whole view, outcome included.
  EXPECT_TRUE(has(r.json[5], "\"adventure\":{\"outcome\":\"noExit\"")) << r.json[5];
  EXPECT_TRUE(has(r.json[7], "\"players\":[\"operator-1 (Hall)\",\"Grue (Library)\"]"))
      << r.json[7];
  EXPECT_EQ(r.code, kExitDenied);  // the two refused calls
}

TEST(Games, PaperclipsRendersMoneyCommandsAndProjects) {
  FakeGateway gw;
  RunResult r = run(gw.port(),
                    steps_of({"login", "launch paperclips", "call paperclips make",
                              "call paperclips setPrice 7", "call adventure look"}),
                    kPw);
  EXPECT_EQ(r.human[2],
            "call paperclips make: You made a clip.\n"
            "  clips 1 (unsold 1), wire 999 in, funds $1.05, price $0.25, demand 32%\n"
            "  autoclippers 0 (next $5.00), wire spool $20.00, tick 7\n"
            "  commands:\n"
            "    make            enabled\n"
            "    buyAutoclipper  not now: insufficient funds\n"
            "  projects:\n"
            "    improved-wire  Improved wire  $7.50  not affordable  (+50% wire per spool)");
  EXPECT_TRUE(has(r.human[3], "price $0.07")) << r.human[3];
  EXPECT_TRUE(has(r.json[3], "\"priceCents\":7")) << r.json[3];
  // adventure is not running: not in the CapSet, so the gateway says so.
  EXPECT_TRUE(has(r.human[4], "denied: unknownCap")) << r.human[4];
}

TEST(Help, GeneratedFromDescriptors) {
  FakeGateway gw;
  RunResult r = run(gw.port(),
                    steps_of({"login", "launch adventure", "launch paperclips", "help adventure",
                              "call paperclips --help", "help"}),
                    kPw);
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.human[3],
            "help adventure: adventure  interface=0xfe43154b6712571c (Adventure)\n"
            "  look                      Look around the room\n"
            "  go <direction>            Walk through an exit\n"
            "      direction: enum north | south | east | west | up | down\n"
            "  take <item>               Pick up an item here\n"
            "      item: text, 1..32 bytes\n"
            "  who                       Everyone in the world and where");
  EXPECT_TRUE(has(r.human[4],
                  "setPrice <cents>          Set the price per clip\n"
                  "      cents: uint, 1..1000"))
      << r.human[4];
  // A bare help covers every entry; entries without descriptors still
  // list their methods.
  EXPECT_TRUE(has(r.human[5], "help: 5 entries\nsession  interface=")) << r.human[5];
  EXPECT_TRUE(has(r.human[5], "methods (no descriptors): none")) << r.human[5];
  EXPECT_TRUE(has(r.human[5], "paperclips  interface=0xa3051fc2cb5251cf")) << r.human[5];
  EXPECT_TRUE(has(r.json[3], "\"descriptors\":[{\"name\":\"look\"")) << r.json[3];
  EXPECT_TRUE(has(r.json[3], "\"type\":\"enum\"")) << r.json[3];
  r = run(gw.port(), steps_of({"login", "help adventure"}), kPw);
  EXPECT_TRUE(has(r.human[1], "denied: unknownCap")) << r.human[1];
}

// The binary: a scripted session (one connection) and the exit code of a
// denied launch.
TEST(Binary, ScriptedGameSessionAndDeniedLaunch) {
  FakeGateway gw;
  const std::string env = "CAPOS_REMOTE_SESSION_PASSWORD=" + kPw +
                          " CAPOS_REMOTE_SESSION_PORT=" + std::to_string(gw.port()) +
                          " USER=operator";
  char path[] = "/tmp/rsc-script-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const std::string script =
      "# play a little\nlogin\nlaunch adventure\ncall adventure look\n"
      "call adventure go north\nstatus adventure\nstop adventure\nlogout\n";
  ASSERT_EQ(write(fd, script.data(), script.size()), static_cast<ssize_t>(script.size()));
  close(fd);
  auto [code, out] = run_binary(std::string("session --script ") + path, env);
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(has(out, "call adventure go north: You walk north.")) << out;
  EXPECT_TRUE(has(out, "stop adventure: adventure notRunning")) << out;
  std::tie(code, out) = run_binary("launch adventure --grant chat:1", env);
  EXPECT_EQ(code, 1) << out;
  EXPECT_TRUE(has(out, "launch adventure --grant chat:1: denied: launchDenied (wrongInterface)"))
      << out;
  std::tie(code, out) = run_binary(
      "--json session --do login --do 'launch adventure' --do "
      "'call adventure look' --do logout",
      env);
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(has(out, "\"step\":\"call adventure look\",\"outcome\":\"ok\"")) << out;
  std::tie(code, out) = run_binary("launch adventure --grant nocolon", env);
  EXPECT_EQ(code, 2) << out;
  unlink(path);
}

}  // namespace
}  // namespace rsclient
