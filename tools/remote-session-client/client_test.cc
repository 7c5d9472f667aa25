#include "tools/remote-session-client/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <set>

#include "tools/remote-session-client/fake_gateway.h"
#include "tools/remote-session-client/render.h"
#include "tools/remote-session-client/test_support.h"

namespace rsclient {
namespace {

using testing::FakeGateway;
using testing::Misbehave;
using testing::run;
using testing::run_binary;
using testing::RunResult;
using testing::steps_of;

uint16_t closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);  // bound, never listened: connecting is refused
  return ntohs(a.sin_port);
}

TEST(Client, FullStoryOnOneConnection) {
  FakeGateway gw;
  auto steps = steps_of({"auth-methods", "login", "capset list", "capset get chat",
                         "call system_info motd", "call chat send early", "call chat join",
                         "call chat send hi", "call chat who", "logout", "session-info"});
  RunResult r = run(gw.port(), steps, std::string(testing::kOperatorPassword));
  EXPECT_EQ(r.code, kExitDenied);  // the stale call after logout
  ASSERT_EQ(r.json.size(), steps.size());
  EXPECT_NE(r.json[1].find("\"outcome\":\"ok\""), std::string::npos) << r.json[1];
  EXPECT_NE(r.json[1].find("\"principal\":\"operator\""), std::string::npos) << r.json[1];
  // The interface id came from the list: the gateway answered the entry.
  EXPECT_NE(r.human[3].find("entry: chat  interface=0x0000000000003333"), std::string::npos)
      << r.human[3];
  // Untrusted control characters are escaped in human output.
  EXPECT_NE(r.human[4].find("welcome\\x1b[31m"), std::string::npos) << r.human[4];
  EXPECT_EQ(r.human[4].find('\x1b'), std::string::npos);
  EXPECT_NE(r.human[5].find("not sent: not joined"), std::string::npos) << r.human[5];
  EXPECT_NE(r.json[5].find("\"sent\":false"), std::string::npos) << r.json[5];
  EXPECT_NE(r.human[7].find("sent (seq 1)"), std::string::npos);
  EXPECT_NE(r.human[8].find("members: operator"), std::string::npos);
  EXPECT_NE(r.json[10].find("\"code\":\"staleSession\""), std::string::npos) << r.json[10];
  EXPECT_NE(r.json[10].find("\"exit\":1"), std::string::npos);
  // Transcript file: gateway events then the client's log, no password.
  EXPECT_NE(r.transcript.find("authMethods ok"), std::string::npos) << r.transcript;
  EXPECT_NE(r.transcript.find("step 11: session-info -> denied staleSession"), std::string::npos);
  for (const auto& s : r.human) EXPECT_EQ(s.find(testing::kOperatorPassword), std::string::npos);
  for (const auto& s : r.json) EXPECT_EQ(s.find(testing::kOperatorPassword), std::string::npos);
  EXPECT_EQ(r.transcript.find(testing::kOperatorPassword), std::string::npos);
  EXPECT_EQ(gw.seen()[1], "login password operator ok");
}

TEST(Client, BurstPipelinesAndMatchesEveryAnswer) {
  FakeGateway gw;
  RunResult r = run(gw.port(), steps_of({"login --guest", "burst 5 call chat who", "session-info"}),
                    std::nullopt);
  EXPECT_EQ(r.code, kExitOk);
  ASSERT_EQ(r.json.size(), 7u);  // login, 5 answers, session-info
  std::set<std::string> ids;
  for (int i = 1; i <= 5; ++i) {
    EXPECT_NE(r.json[i].find("\"step\":\"burst 5 call chat who\""), std::string::npos);
    EXPECT_NE(r.json[i].find("chatMembers"), std::string::npos) << r.json[i];
    ids.insert(r.json[i].substr(r.json[i].find("\"requestId\":"), 16));
  }
  EXPECT_EQ(ids.size(), 5u);  // five distinct requests were answered
}

TEST(Client, TypedDenialsMapToExitOne) {
  FakeGateway gw;
  RunResult r = run(gw.port(), steps_of({"login"}), std::string("wrong"));
  EXPECT_EQ(r.code, kExitDenied);
  EXPECT_NE(r.human[0].find("denied: authDenied"), std::string::npos) << r.human[0];
  r = run(gw.port(), steps_of({"login --passkey"}), std::nullopt);
  EXPECT_NE(r.json[0].find("\"code\":\"disabledAuthMethod\""), std::string::npos);
  r = run(gw.port(),
          steps_of({"login --guest", "capset get nosuch", "capset get chat --interface 0x2222"}),
          std::nullopt);
  EXPECT_NE(r.json[1].find("unknownCap"), std::string::npos) << r.json[1];
  EXPECT_NE(r.json[2].find("wrongInterface"), std::string::npos) << r.json[2];
  r = run(gw.port(), steps_of({"session-info"}), std::nullopt);
  EXPECT_NE(r.json[0].find("notAuthenticated"), std::string::npos);
}

TEST(Client, NoPasswordIsAUsageErrorAndSendsNothing) {
  FakeGateway gw;
  RunResult r = run(gw.port(), steps_of({"login", "session-info"}), std::nullopt);
  EXPECT_EQ(r.code, kExitUsage);
  ASSERT_EQ(r.json.size(), 1u);  // the run stops
  EXPECT_NE(r.json[0].find("no password"), std::string::npos);
  EXPECT_TRUE(gw.seen().empty() || gw.seen()[0].find("login") == std::string::npos);
}

TEST(Client, ConnectionRefusedIsOneClearMessage) {
  std::unique_ptr<Connection> conn;
  const uint16_t port = closed_port();
  IoResult io = Connection::connect_tcp("127.0.0.1", port, 2000, &conn);
  EXPECT_EQ(io.status, IoStatus::kConnectFailed);
  EXPECT_EQ(io.message,
            "cannot connect to the remote-session gateway at 127.0.0.1:" + std::to_string(port) +
                ": connection refused \u2014 is `make run` running?");
  EXPECT_EQ(conn, nullptr);
}

TEST(Client, PeerClosingIsAConnectionError) {
  FakeGateway gw(Misbehave::kCloseOnFirstRequest);
  RunResult r = run(gw.port(), steps_of({"auth-methods", "capset list"}), std::nullopt);
  EXPECT_EQ(r.code, kExitConnection);
  ASSERT_EQ(r.json.size(), 1u);
  EXPECT_NE(r.human[0].find("closed the connection"), std::string::npos) << r.human[0];
  EXPECT_NE(r.transcript.find("export unavailable"), std::string::npos);
}

TEST(Client, BadFramesAreProtocolErrors) {
  for (Misbehave m :
       {Misbehave::kGarbageFrame, Misbehave::kHugeHeader, Misbehave::kWrongRequestId}) {
    FakeGateway gw(m);
    RunResult r = run(gw.port(), steps_of({"auth-methods", "auth-methods"}), std::nullopt);
    EXPECT_EQ(r.code, kExitProtocol) << static_cast<int>(m);
    ASSERT_EQ(r.json.size(), 1u);
    EXPECT_NE(r.json[0].find("\"outcome\":\"error\""), std::string::npos);
  }
}

TEST(Client, ConnectionLevelDenialAnswersTheStepAndStops) {
  FakeGateway gw(Misbehave::kRefuse);
  RunResult r = run(gw.port(), steps_of({"auth-methods", "auth-methods"}), std::nullopt);
  EXPECT_EQ(r.code, kExitConnection);  // the second step finds the connection closed
  ASSERT_EQ(r.json.size(), 2u);
  EXPECT_NE(r.json[0].find("\"code\":\"boundExceeded\""), std::string::npos) << r.json[0];
  EXPECT_NE(r.json[1].find("no longer usable"), std::string::npos) << r.json[1];
  r = run(gw.port(), steps_of({"auth-methods"}), std::nullopt);
  EXPECT_EQ(r.code, kExitDenied);
}

TEST(Client, SilentGatewayTimesOut) {
  FakeGateway gw(Misbehave::kSilent);
  RunResult r = run(gw.port(), steps_of({"auth-methods"}), std::nullopt, 300);
  EXPECT_EQ(r.code, kExitTimeout);
  EXPECT_NE(r.human[0].find("no answer"), std::string::npos);
}

TEST(Render, JsonEscapesHostileText) {
  EXPECT_EQ(json_string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\u000a\\u0001\"");
  EXPECT_EQ(json_string("\xff ok \xe2\x80\x94"), "\"\\ufffd ok \xe2\x80\x94\"");
  EXPECT_EQ(printable("x\x1b[2Jy\x7f"), "x\\x1b[2Jy\\x7f");
}

TEST(Binary, ExitCodesAndNoSecretsOrPathsInOutput) {
  FakeGateway gw;
  const std::string port = std::to_string(gw.port());
  const std::string env = std::string("CAPOS_REMOTE_SESSION_PASSWORD=") +
                          testing::kOperatorPassword + " CAPOS_REMOTE_SESSION_PORT=" + port +
                          " USER=operator";
  auto [code, out] = run_binary(
      "--transcript /tmp/rsc-test-transcript.txt session --do login "
      "--do 'capset list' --do 'call chat join' --do logout",
      env);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("logged in: principal=operator"), std::string::npos) << out;
  EXPECT_EQ(out.find(testing::kOperatorPassword), std::string::npos);
  EXPECT_EQ(out.find("/tmp"), std::string::npos) << "a host path leaked: " << out;
  EXPECT_EQ(out.find(RSC_BINARY), std::string::npos);
  std::tie(code, out) =
      run_binary("--password " + std::string(testing::kOperatorPassword) + " login", env);
  EXPECT_EQ(code, 2);
  EXPECT_EQ(out.find(testing::kOperatorPassword), std::string::npos) << out;
  std::tie(code, out) =
      run_binary("--json --port " + std::to_string(closed_port()) + " auth-methods", "");
  EXPECT_EQ(code, 3);
  EXPECT_NE(out.find("\"step\":\"connect\""), std::string::npos) << out;
  std::tie(code, out) = run_binary("--script /nonexistent/x session", "");
  EXPECT_EQ(code, 2);
  std::tie(code, out) = run_binary("session --script /nonexistent/script", env);
  EXPECT_EQ(code, 6);
  EXPECT_EQ(out.find("/nonexistent"), std::string::npos) << out;
  std::tie(code, out) = run_binary("--help", "");
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("Exit status"), std::string::npos);
  EXPECT_NE(out.find("--password-file FILE"), std::string::npos);
  unlink("/tmp/rsc-test-transcript.txt");
}

// --password-file: used before the environment, refused when others can
// read it, and never echoed (neither the password nor the path).
TEST(Binary, PasswordFile) {
  FakeGateway gw;
  char dir[] = "/tmp/rsc-pwfile-bin-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string file = std::string(dir) + "/operator.password";
  auto write = [&file](const std::string& text, int mode) {
    FILE* f = fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fputs(text.c_str(), f);
    fclose(f);
    ASSERT_EQ(chmod(file.c_str(), static_cast<mode_t>(mode)), 0);
  };
  // The environment holds a wrong password: the file must win over it.
  const std::string env =
      "CAPOS_REMOTE_SESSION_PASSWORD=wrong CAPOS_REMOTE_SESSION_PORT=" + std::to_string(gw.port()) +
      " USER=operator";
  write(std::string(testing::kOperatorPassword) + "\n", 0600);
  auto [code, out] = run_binary("--password-file " + file + " session-info", env);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("logged in: principal=operator"), std::string::npos) << out;
  EXPECT_EQ(out.find(testing::kOperatorPassword), std::string::npos) << out;
  EXPECT_EQ(out.find(dir), std::string::npos) << "a host path leaked: " << out;
  write(std::string(testing::kOperatorPassword) + "\n", 0644);
  std::tie(code, out) = run_binary("--password-file " + file + " session-info", env);
  EXPECT_EQ(code, 6) << out;
  EXPECT_NE(out.find("accessible by others"), std::string::npos) << out;
  EXPECT_EQ(out.find(testing::kOperatorPassword), std::string::npos) << out;
  write("\n", 0600);
  std::tie(code, out) = run_binary("--password-file=" + file + " session-info", env);
  EXPECT_EQ(code, 6) << out;
  EXPECT_NE(out.find("empty"), std::string::npos) << out;
  unlink(file.c_str());
  std::tie(code, out) = run_binary("--json --password-file " + file + " session-info", env);
  EXPECT_EQ(code, 6) << out;
  EXPECT_NE(out.find("\"step\":\"password-file\""), std::string::npos) << out;
  EXPECT_EQ(out.find(dir), std::string::npos) << "a host path leaked: " << out;
  std::tie(code, out) = run_binary("--password-file", env);
  EXPECT_EQ(code, 2) << out;
  rmdir(dir);
  // Without $USER the principal is the login name (the default boot's
  // operator), not a usage error; the fake gateway knows only "operator".
  std::tie(code, out) =
      run_binary("--json session-info",
                 "env -u USER -u CAPOS_REMOTE_SESSION_USER CAPOS_REMOTE_SESSION_PASSWORD=x "
                 "CAPOS_REMOTE_SESSION_PORT=" +
                     std::to_string(gw.port()));
  EXPECT_EQ(code, 1) << out;
  EXPECT_EQ(out.find("no user name"), std::string::npos) << out;
}

}  // namespace
}  // namespace rsclient
