#include "tools/remote-session-client/args.h"

#include <gtest/gtest.h>

#include <map>

namespace rsclient {
namespace {

ParseResult parse(std::vector<std::string> argv, std::map<std::string, std::string> env = {}) {
  return parse_args(argv, [env](const char* n) -> std::optional<std::string> {
    auto it = env.find(n);
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
}

TEST(Args, Defaults) {
  auto r = parse({"auth-methods"}, {{"USER", "hostuser"}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.host, "127.0.0.1");
  EXPECT_EQ(r.options.port, 2327);
  EXPECT_EQ(r.options.user, "hostuser");
  EXPECT_FALSE(r.options.json);
  ASSERT_EQ(r.options.steps.size(), 1u);  // no implicit login
  EXPECT_EQ(r.options.steps[0].kind, Step::Kind::kAuthMethods);
}

// TLS is asked for by --tls/--ca/--pin or an exported pin, and never
// without a way to check the server.
TEST(Args, Tls) {
  const std::string pin(64, 'a');
  auto r = parse({"auth-methods"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.options.tls.enabled);
  r = parse({"--tls", "auth-methods"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("--ca FILE or --pin"), std::string::npos) << r.error;
  r = parse({"--pin", "AB:" + pin.substr(2), "auth-methods"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.tls.enabled);
  EXPECT_EQ(normalize_pin(r.options.tls.pin), "ab" + pin.substr(2));
  EXPECT_FALSE(parse({"--pin", "abc", "auth-methods"}).ok);
  EXPECT_FALSE(parse({"--pin", pin + "00", "auth-methods"}).ok);
  EXPECT_FALSE(parse({"--pin", std::string(64, 'g'), "auth-methods"}).ok);
  r = parse({"--ca", "dev-ca.pem", "--server-name", "gw.test", "auth-methods"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.tls.enabled);
  EXPECT_EQ(r.options.tls.ca_file, "dev-ca.pem");
  EXPECT_EQ(r.options.tls.server_name, "gw.test");
  // The exported pin alone turns TLS on for the DTO port...
  r = parse({"auth-methods"}, {{"CAPOS_REMOTE_SESSION_PIN", pin}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.tls.enabled);
  EXPECT_EQ(r.options.tls.pin, pin);
  // ...and a bad one is an error, not a silent plaintext connection.
  r = parse({"auth-methods"}, {{"CAPOS_REMOTE_SESSION_PIN", "nope"}});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("CAPOS_REMOTE_SESSION_PIN"), std::string::npos) << r.error;
  // Over RPC only by --ca (kj shows no certificate to pin); an exported
  // pin does not apply to it.
  EXPECT_FALSE(parse({"--transport", "rpc", "--pin", pin, "auth-methods"}).ok);
  r = parse({"--transport", "rpc", "--ca", "dev-ca.pem", "auth-methods"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.tls.enabled);
  r = parse({"--transport", "rpc", "auth-methods"}, {{"CAPOS_REMOTE_SESSION_PIN", pin}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.options.tls.enabled);
}

// --cert presents a client certificate: it implies TLS and its key is
// --identity's, which it cannot go without.
TEST(Args, ClientCertificate) {
  auto r = parse({"--ca", "ca.pem", "--cert", "me.pem", "auth-methods"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("--cert FILE needs --identity"), std::string::npos) << r.error;
  r = parse({"--ca", "ca.pem", "--cert", "me.pem", "--identity", "me.key", "session-info"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.tls.enabled);
  EXPECT_EQ(r.options.tls.cert_file, "me.pem");
  EXPECT_EQ(r.options.tls.key_file, "me.key");
}

// --transport rpc: its own port (never the DTO port's variable), and only
// the steps rpc-gateway serves so far.
TEST(Args, TransportRpc) {
  auto r = parse({"--transport", "rpc", "auth-methods"}, {{"CAPOS_REMOTE_SESSION_PORT", "3000"}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.transport, Transport::kRpc);
  EXPECT_EQ(r.options.port, 2328);
  r = parse({"--transport=rpc", "auth-methods"}, {{"CAPOS_REMOTE_RPC_PORT", "5000"}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.port, 5000);
  r = parse({"--transport", "rpc", "--port", "6000", "auth-methods"},
            {{"CAPOS_REMOTE_RPC_PORT", "5000"}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.port, 6000);
  r = parse({"--transport", "rpc", "session", "--do", "auth-methods", "--do", "auth-methods"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.steps.size(), 2u);
  EXPECT_EQ(parse({"--transport", "dto", "auth-methods"}).options.transport, Transport::kDto);

  // Served since the login slice: the session's steps on system_info,
  // chat and session.
  r = parse({"--transport", "rpc", "capset", "list"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.steps.size(), 2u);  // the implicit login, then the list
  EXPECT_TRUE(parse({"--transport", "rpc", "session", "--do", "login --guest", "--do",
                     "call chat send hi", "--do", "call system_info motd", "--do", "logout"})
                  .ok);
  // Not yet: launched services, games, bursts.
  r = parse({"--transport", "rpc", "services"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("not served over RPC yet"), std::string::npos) << r.error;
  EXPECT_FALSE(parse({"--transport", "rpc", "call", "adventure", "look"}).ok);
  EXPECT_FALSE(parse({"--transport", "rpc", "session", "--do", "burst 3 session-info"}).ok);
  EXPECT_FALSE(parse({"--transport", "rpc", "terminal"}).ok);
  EXPECT_FALSE(parse({"--transport", "rpc", "auth-methods"}, {{"CAPOS_REMOTE_RPC_PORT", "0"}}).ok);
  EXPECT_FALSE(parse({"--transport", "http", "auth-methods"}).ok);
  EXPECT_FALSE(parse({"--transport"}).ok);
  std::string error;
  EXPECT_TRUE(rpc_can_carry({}, &error));
}

TEST(Args, EnvironmentAndFlagsPrecedence) {
  auto r = parse({"--port", "4000", "auth-methods"}, {{"CAPOS_REMOTE_SESSION_PORT", "3000"},
                                                      {"CAPOS_REMOTE_SESSION_USER", "alice"},
                                                      {"USER", "hostuser"}});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.options.port, 4000);
  EXPECT_EQ(r.options.user, "alice");
  r = parse({"--user=bob", "auth-methods"}, {{"CAPOS_REMOTE_SESSION_PORT", "3000"}});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.options.port, 3000);
  EXPECT_EQ(r.options.user, "bob");
  EXPECT_FALSE(parse({"auth-methods"}, {{"CAPOS_REMOTE_SESSION_PORT", "70000"}}).ok);
  EXPECT_FALSE(parse({"--port", "0", "auth-methods"}).ok);
  EXPECT_FALSE(parse({"--port", "12ab", "auth-methods"}).ok);
  EXPECT_FALSE(parse({"--port"}).ok);
}

TEST(Args, PasswordIsNeverTakenFromArgv) {
  for (auto argv :
       std::vector<std::vector<std::string>>{{"--password", "hunter2", "auth-methods"},
                                             {"--password=hunter2", "auth-methods"},
                                             {"-p", "hunter2", "session-info"},
                                             {"login", "--password", "hunter2"},
                                             {"login", "--password=hunter2"},
                                             {"login", "hunter2"},
                                             {"session", "--do", "login --password hunter2"}}) {
    auto r = parse(argv);
    EXPECT_FALSE(r.ok) << argv[0];
    EXPECT_NE(r.error.find("never taken from the command line"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find("hunter2"), std::string::npos) << "error echoes the password";
  }
  // The bare method selector is fine.
  auto r = parse({"login", "--password", "--profile", "operator"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.steps[0].method, LoginMethod::kPassword);
  EXPECT_EQ(r.options.steps[0].profile, "operator");
}

TEST(Args, PasswordFileOption) {
  auto r = parse({"--password-file", "/some/pw", "session-info"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.password_file, "/some/pw");
  r = parse({"--password-file=/other/pw", "capset", "list"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.password_file, "/other/pw");
  EXPECT_TRUE(parse({"session-info"}).options.password_file.empty());
  r = parse({"--password-file"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("needs a value"), std::string::npos) << r.error;
  EXPECT_FALSE(parse({"--password-file=", "session-info"}).ok);
  // Still no password in argv: "--password" alone is a different option.
  EXPECT_FALSE(parse({"--password", "x", "session-info"}).ok);
}

TEST(Args, SessionCommandsGetAnImplicitLogin) {
  auto r = parse({"--guest", "--profile", "guest", "capset", "list"});
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.options.steps.size(), 2u);
  EXPECT_EQ(r.options.steps[0].kind, Step::Kind::kLogin);
  EXPECT_EQ(r.options.steps[0].method, LoginMethod::kGuest);
  EXPECT_EQ(r.options.steps[0].profile, "guest");
  EXPECT_EQ(r.options.steps[1].kind, Step::Kind::kCapSetList);
  r = parse({"login", "--anonymous"});
  ASSERT_EQ(r.options.steps.size(), 1u);
  EXPECT_EQ(r.options.steps[0].method, LoginMethod::kAnonymous);
}

TEST(Args, CallAndGetGrammar) {
  auto r = parse({"call", "chat", "send", "hello world", "--interface", "0x10"});
  ASSERT_TRUE(r.ok) << r.error;
  const Step& s = r.options.steps[1];
  EXPECT_EQ(s.kind, Step::Kind::kCall);
  EXPECT_EQ(s.name, "chat");
  EXPECT_EQ(s.call, CallMethod::kSend);
  EXPECT_EQ(s.arg, "hello world");
  ASSERT_TRUE(s.iface.has_value());
  EXPECT_EQ(*s.iface, 16u);
  r = parse({"call", "chat", "poll", "42"});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.options.steps[1].since, 42u);
  EXPECT_FALSE(r.options.steps[1].iface.has_value());
  EXPECT_FALSE(parse({"call", "chat", "send"}).ok);
  EXPECT_FALSE(parse({"call", "chat", "who", "extra"}).ok);
  EXPECT_FALSE(parse({"call", "chat", "frobnicate"}).ok);
  EXPECT_FALSE(parse({"call", "chat", "poll", "x"}).ok);
  EXPECT_FALSE(parse({"capset", "get", "chat", "--interface", "0xZZ"}).ok);
  EXPECT_FALSE(parse({"capset", "get"}).ok);
  EXPECT_FALSE(parse({"capset", "remove"}).ok);
  r = parse({"capset", "get", "chat", "--interface=12345678901234567890"});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(*r.options.steps[1].iface, 12345678901234567890ull);
  EXPECT_FALSE(parse({"capset", "get", "x", "--interface", "99999999999999999999"}).ok);
}

TEST(Args, ServiceGrammar) {
  auto r = parse({"launch", "adventure"});
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.options.steps.size(), 2u);  // an implicit login first
  const Step& s = r.options.steps[1];
  EXPECT_EQ(s.kind, Step::Kind::kLaunch);
  EXPECT_EQ(s.name, "adventure");
  EXPECT_EQ(s.grants_from, Step::Grants::kFromCatalog);
  r = parse({"launch", "--grant", "chat:0x10", "adventure", "--grant=x:7", "--binary", "w"});
  ASSERT_TRUE(r.ok) << r.error;
  const Step& g = r.options.steps[1];
  EXPECT_EQ(g.grants_from, Step::Grants::kGiven);
  ASSERT_EQ(g.grants.size(), 2u);
  EXPECT_EQ(g.grants[0].name, "chat");
  EXPECT_EQ(g.grants[0].iface, 16u);
  EXPECT_EQ(g.grants[1].iface, 7u);
  EXPECT_EQ(g.binary, "w");
  r = parse({"launch", "paperclips", "--no-grants"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.steps[1].grants_from, Step::Grants::kNone);
  EXPECT_FALSE(parse({"launch"}).ok);
  EXPECT_FALSE(parse({"launch", "a", "b"}).ok);
  EXPECT_FALSE(parse({"launch", "a", "--grant", "chat"}).ok);
  EXPECT_FALSE(parse({"launch", "a", "--grant", ":1"}).ok);
  EXPECT_FALSE(parse({"launch", "a", "--grant", "chat:0xZ"}).ok);
  EXPECT_FALSE(parse({"launch", "a", "--grant"}).ok);
  EXPECT_FALSE(parse({"launch", "a", "--grant", "c:1", "--no-grants"}).ok);
  EXPECT_FALSE(parse({"launch", "a", "--bogus"}).ok);
  EXPECT_EQ(parse({"services"}).options.steps[1].kind, Step::Kind::kServices);
  EXPECT_FALSE(parse({"services", "x"}).ok);
  EXPECT_EQ(parse({"status", "a"}).options.steps[1].kind, Step::Kind::kServiceStatus);
  EXPECT_EQ(parse({"stop", "a"}).options.steps[1].kind, Step::Kind::kServiceStop);
  EXPECT_FALSE(parse({"status"}).ok);
  EXPECT_FALSE(parse({"stop", "a", "b"}).ok);
}

TEST(Args, GameCallsAndHelp) {
  // Arguments are passed as typed: the guest, not the CLI, checks them.
  auto r = parse({"call", "adventure", "say", "hello there", "--x", "99999999999999999999"});
  ASSERT_TRUE(r.ok) << r.error;
  const Step& s = r.options.steps[1];
  EXPECT_EQ(s.kind, Step::Kind::kCall);
  EXPECT_EQ(s.call, CallMethod::kAdventure);
  EXPECT_EQ(s.name, "adventure");
  EXPECT_EQ(s.verb, "say");
  EXPECT_EQ(s.args, (std::vector<std::string>{"hello there", "--x", "99999999999999999999"}));
  r = parse({"call", "paperclips", "status", "--interface", "0x5"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.steps[1].call, CallMethod::kPaperclips);
  EXPECT_TRUE(r.options.steps[1].args.empty());
  EXPECT_EQ(*r.options.steps[1].iface, 5u);
  EXPECT_FALSE(parse({"call", "adventure"}).ok);
  for (auto argv : std::vector<std::vector<std::string>>{
           {"help", "adventure"}, {"call", "adventure", "--help"}, {"call", "chat", "--help"}}) {
    r = parse(argv);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.options.steps[1].kind, Step::Kind::kHelp);
    EXPECT_EQ(r.options.steps[1].name, argv[1]);
  }
  r = parse({"help"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.steps[1].kind, Step::Kind::kHelp);
  EXPECT_EQ(r.options.steps[1].name, "");
  EXPECT_FALSE(parse({"help", "a", "b"}).ok);
  // The existing call grammar is unchanged for other entries.
  EXPECT_FALSE(parse({"call", "chat", "say", "x"}).ok);
}

TEST(Args, ScriptedSession) {
  auto r = parse({"--json", "session", "--do", "login --guest", "--do", "call chat send 'a b'",
                  "--do", "sleep 1.5", "--do", "logout"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.json);
  ASSERT_EQ(r.options.steps.size(), 4u);
  EXPECT_EQ(r.options.steps[1].arg, "a b");
  EXPECT_EQ(r.options.steps[2].sleep_ms, 1500u);
  EXPECT_FALSE(parse({"session"}).ok);
  EXPECT_FALSE(parse({"session", "--do", "call chat send \"open"}).ok);
  EXPECT_FALSE(parse({"session", "--do", "sleep -1"}).ok);

  std::vector<Step> steps;
  std::string err;
  ASSERT_TRUE(parse_script("# comment\n\nlogin --user operator\ncapset list\n", &steps, &err))
      << err;
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(*steps[0].user, "operator");
  EXPECT_FALSE(parse_script("capset list\nbogus\n", &steps, &err));
  EXPECT_NE(err.find("line 2"), std::string::npos);
}

TEST(Args, Burst) {
  auto r = parse({"session", "--do", "burst 4 call chat send x"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.steps[0].repeat, 4u);
  EXPECT_EQ(r.options.steps[0].call, CallMethod::kSend);
  EXPECT_EQ(r.options.steps[0].text, "burst 4 call chat send x");
  EXPECT_FALSE(parse({"session", "--do", "burst 0 auth-methods"}).ok);
  EXPECT_FALSE(parse({"session", "--do", "burst 65 auth-methods"}).ok);
  EXPECT_FALSE(parse({"session", "--do", "burst 2 login --guest"}).ok);
  EXPECT_FALSE(parse({"session", "--do", "burst 2"}).ok);
}

TEST(Args, UsageErrors) {
  EXPECT_FALSE(parse({}).ok);
  EXPECT_FALSE(parse({"--bogus", "auth-methods"}).ok);
  EXPECT_FALSE(parse({"frobnicate"}).ok);
  EXPECT_FALSE(parse({"auth-methods", "extra"}).ok);
  EXPECT_FALSE(parse({"--timeout", "0", "auth-methods"}).ok);
  auto h = parse({"--help"});
  EXPECT_TRUE(h.ok);
  EXPECT_TRUE(h.options.help);
  EXPECT_NE(std::string(usage_text()).find("Exit status"), std::string::npos);
}

TEST(Args, SplitWords) {
  std::vector<std::string> w;
  std::string err;
  ASSERT_TRUE(split_words(R"(call chat send "say \"hi\"" 'x y' a\ b)", &w, &err));
  ASSERT_EQ(w.size(), 6u);
  EXPECT_EQ(w[3], "say \"hi\"");
  EXPECT_EQ(w[4], "x y");
  EXPECT_EQ(w[5], "a b");
  ASSERT_TRUE(split_words("  ", &w, &err));
  EXPECT_TRUE(w.empty());
  ASSERT_TRUE(split_words("send ''", &w, &err));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[1], "");
}

}  // namespace
}  // namespace rsclient
