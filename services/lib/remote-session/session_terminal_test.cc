// terminal* calls through the core: entry rights, the core's own checks,
// waiting reads, the transcript, and a shell's requests (origin, denials).
#include <gtest/gtest.h>

#include <string>

#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;
using CB = s::Call::Builder;
constexpr uint64_t kTerm = FakeBackend::kTerminalIface;

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  SessionLimits limits;
  Session session{backend, SharedBounds{&logins, &holders}, ConnectionInfo{{1, 2}, 0, "hostuser"},
                  limits};
  TestClient c{session};
  s::Response::Reader Term(const std::function<void(CB)>& f) {
    return c.Call("terminal", kTerm, f);
  }
};

void Read(CB c, uint32_t wait_ms) {
  auto r = c.initTerminalRead();
  r.initRef().setTerminalId(1);
  r.getRef().setAttachment(17);
  r.setFromSeq(5);
  r.setWaitMs(wait_ms);
}

TEST(Terminal, OpenAnswersTheBackendsReply) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.terminal_answer.terminal_id = 1;
  e.backend.terminal_answer.attachment = 17;
  e.backend.terminal_answer.info.id = 1;
  e.backend.terminal_answer.info.cols = 80;
  auto r = e.Term([](CB c) {
    c.initTerminalOpen().setCols(80);
    c.getTerminalOpen().setRows(24);
  });
  ASSERT_EQ(r.which(), s::Response::CALL_RESULT) << e.c.last_text;
  auto t = r.getCallResult().getTerminal();
  EXPECT_STREQ(t.getStatus().cStr(), "ok");
  EXPECT_EQ(t.getRef().getAttachment(), 17u);
  EXPECT_STREQ(t.getMode().cStr(), "owner");
  EXPECT_STREQ(t.getInfo().getName().cStr(), "term-1");
  EXPECT_EQ(e.backend.last_terminal.op, TerminalOp::kOpen);
  EXPECT_EQ(e.backend.last_terminal.cols, 80);
  EXPECT_EQ(e.backend.last_terminal.rows, 24);
}

TEST(Terminal, DomainRefusalsAreResultsWithTheirNames) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.terminal_answer.status = 6;  // tooManyTerminals
  e.backend.terminal_answer.limit = 4;
  auto r = e.Term([](CB c) { c.initTerminalOpen(); });
  ASSERT_EQ(r.which(), s::Response::CALL_RESULT);
  EXPECT_STREQ(r.getCallResult().getTerminal().getStatus().cStr(), "tooManyTerminals");
  EXPECT_EQ(r.getCallResult().getTerminal().getLimit(), 4u);
}

TEST(Terminal, TheCoreRefusesWhatIsMalformedBeforeTheBackend) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto bad_mode = e.Term([](CB c) { c.initTerminalAttach().setMode("boss"); });
  EXPECT_EQ(TestClient::Code(bad_mode), int(ErrCode::MALFORMED_REQUEST));
  auto long_wait = e.Term([](CB c) { Read(c, kMaxTerminalWaitMs + 1); });
  EXPECT_EQ(TestClient::Code(long_wait), int(ErrCode::MALFORMED_REQUEST));
  auto big = e.Term([](CB c) {
    std::string bytes(kMaxTerminalWriteBytes + 1, 'x');
    c.initTerminalWrite().setBytes(
        kj::arrayPtr(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  });
  ASSERT_EQ(big.which(), s::Response::CALL_RESULT);
  EXPECT_STREQ(big.getCallResult().getTerminal().getStatus().cStr(), "tooLarge");
  EXPECT_EQ(big.getCallResult().getTerminal().getLimit(), kMaxTerminalWriteBytes);
  EXPECT_EQ(e.backend.terminal_calls, 0);
  auto wrong = e.c.Call("terminal", FakeBackend::kChatIface, [](CB c) { c.initTerminalOpen(); });
  EXPECT_EQ(TestClient::Code(wrong), int(ErrCode::WRONG_INTERFACE));
  auto not_term = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setTerminalList(); });
  EXPECT_EQ(TestClient::Code(not_term), int(ErrCode::METHOD_DENIED));
}

TEST(Terminal, WritesCarryTheirBytes) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto r = e.Term([](CB c) {
    auto w = c.initTerminalWrite();
    w.initRef().setTerminalId(2);
    w.getRef().setAttachment(33);
    w.setBytes(kj::StringPtr("ls\r").asBytes());
  });
  ASSERT_EQ(r.which(), s::Response::CALL_RESULT);
  EXPECT_EQ(e.backend.last_terminal.op, TerminalOp::kWrite);
  EXPECT_EQ(e.backend.last_terminal.terminal_id, 2u);
  EXPECT_EQ(e.backend.last_terminal.attachment, 33u);
  ASSERT_EQ(e.backend.last_terminal.bytes_len, 3u);
  EXPECT_EQ(memcmp(e.backend.last_terminal_bytes, "ls\r", 3), 0);
}

TEST(Terminal, AReadOnlyEntryFollowsButNeverOwns) {
  Env e;
  e.c.Login("alice", "wonderland");
  auto open = e.Term([](CB c) { c.initTerminalOpen(); });
  EXPECT_EQ(TestClient::Code(open), int(ErrCode::METHOD_DENIED));
  auto own = e.Term([](CB c) { c.initTerminalAttach().setMode("owner"); });
  EXPECT_EQ(TestClient::Code(own), int(ErrCode::METHOD_DENIED));
  auto write = e.Term([](CB c) { c.initTerminalWrite(); });
  EXPECT_EQ(TestClient::Code(write), int(ErrCode::METHOD_DENIED));
  EXPECT_EQ(e.backend.terminal_calls, 0);
  auto follow = e.Term([](CB c) { c.initTerminalAttach().setMode("follower"); });
  ASSERT_EQ(follow.which(), s::Response::CALL_RESULT);
  EXPECT_EQ(e.backend.last_terminal.mode, TerminalModeCode::kFollower);
}

TEST(Terminal, AWaitingReadIsAnsweredLaterAndIsBounded) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.pending_terminal_reads = true;
  e.Term([](CB c) { Read(c, 1000); });
  EXPECT_TRUE(e.c.last.pending);
  EXPECT_EQ(e.session.outstanding_worker_calls(), 1u);
  uint32_t tag = e.backend.last_terminal_tag;
  for (int i = 1; i < 4; ++i) e.Term([](CB c) { Read(c, 1000); });
  auto fifth = e.Term([](CB c) { Read(c, 1000); });
  EXPECT_EQ(TestClient::Code(fifth), int(ErrCode::BOUND_EXCEEDED));

  TerminalReply reply;
  const uint8_t bytes[] = {'o', 'k', '\r', '\n'};
  reply.bytes = bytes;
  reply.bytes_len = sizeof(bytes);
  reply.next_seq = 9;
  e.c.last = e.session.CompleteTerminal(tag, BackendStatus::kOk, &reply, 2000, e.c.out.data(),
                                        e.c.out.size());
  auto r = e.c.Parse();
  ASSERT_EQ(r.which(), s::Response::CALL_RESULT) << e.c.last_text;
  auto t = r.getCallResult().getTerminal();
  EXPECT_EQ(t.getNextSeq(), 9u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(t.getBytes().begin()), t.getBytes().size()),
            "ok\r\n");
  EXPECT_EQ(e.session.outstanding_worker_calls(), 3u);
  // A second answer for the same tag is ignored.
  Output again = e.session.CompleteTerminal(tag, BackendStatus::kOk, &reply, 2000, e.c.out.data(),
                                            e.c.out.size());
  EXPECT_EQ(again.length, 0u);
}

TEST(Terminal, AReadWaitingAcrossLogoutIsStale) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.pending_terminal_reads = true;
  e.Term([](CB c) { Read(c, 1000); });
  uint32_t tag = e.backend.last_terminal_tag;
  e.c.Send([](RS::Builder b) { b.setLogout(); });
  TerminalReply reply;
  e.c.last = e.session.CompleteTerminal(tag, BackendStatus::kOk, &reply, 2000, e.c.out.data(),
                                        e.c.out.size());
  EXPECT_EQ(TestClient::Code(e.c.Parse()), int(ErrCode::STALE_SESSION));
}

TEST(Terminal, TrafficStaysOutOfTheTranscript) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.Term([](CB c) { c.initTerminalOpen(); });
  e.Term([](CB c) { Read(c, 0); });
  e.Term([](CB c) { c.initTerminalWrite().setBytes(kj::StringPtr("secret\r").asBytes()); });
  e.Term([](CB c) { c.initTerminalInfo(); });
  auto t = e.c.Send([](RS::Builder b) { b.setExportTranscript(); });
  std::string methods;
  for (auto ev : t.getTranscript()) methods += std::string(ev.getDetail().cStr()) + ";";
  EXPECT_NE(methods.find("method=terminalOpen"), std::string::npos) << methods;
  EXPECT_EQ(methods.find("terminalRead"), std::string::npos) << methods;
  EXPECT_EQ(methods.find("terminalWrite"), std::string::npos) << methods;
  EXPECT_EQ(e.c.last_text.find("secret"), std::string::npos);
}

// A request as a front end feeds a shell's: from_shell, with an origin.
Output ShellRequest(Env& e, RequestKind kind, uint32_t origin,
                    const std::function<void(Request&)>& f = {}) {
  Request req;
  req.request_id = 77;
  req.kind = kind;
  req.origin = origin;
  req.from_shell = true;
  if (f) f(req);
  return e.session.HandleRequest(req, 3000, e.c.out.data(), e.c.out.size());
}

TEST(Terminal, AShellActsWithinItsSessionOnly) {
  Env e;
  e.c.Login("operator", "opensesame");
  for (RequestKind k : {RequestKind::kLogin, RequestKind::kLogout, RequestKind::kAuthMethods,
                        RequestKind::kSessionResume}) {
    Output o = ShellRequest(e, k, 5);
    EXPECT_EQ(o.origin, 5u);
    EXPECT_EQ(TestClient::Code(e.c.Parse()), int(ErrCode::METHOD_DENIED));
  }
  Output nested = ShellRequest(e, RequestKind::kCall, 5, [](Request& r) {
    strcpy(r.cap_name.data, "terminal");
    r.cap_name.len = 8;
    r.interface_id = kTerm;
    r.method = CallMethod::kTerminalOpen;
  });
  EXPECT_EQ(TestClient::Code(e.c.Parse()), int(ErrCode::METHOD_DENIED));
  EXPECT_EQ(nested.origin, 5u);
  EXPECT_EQ(e.session.state(), SessionState::kAuthenticated);  // still logged in

  Output list = ShellRequest(e, RequestKind::kCapSetList, 6);
  EXPECT_EQ(list.origin, 6u);
  EXPECT_EQ(e.c.Parse().which(), s::Response::CAP_SET);
}

TEST(Terminal, PendingAnswersGoBackToWhoAsked) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.pending_chat = true;
  ShellRequest(e, RequestKind::kCall, 9, [](Request& r) {
    strcpy(r.cap_name.data, "chat");
    r.cap_name.len = 4;
    r.interface_id = FakeBackend::kChatIface;
    r.method = CallMethod::kChatWho;
  });
  uint32_t tag = e.backend.last_tag;
  ChatReply reply;
  Output o =
      e.session.CompleteChat(tag, BackendStatus::kOk, &reply, 4000, e.c.out.data(), e.c.out.size());
  EXPECT_EQ(o.origin, 9u);
  EXPECT_EQ(e.c.Parse().getRequestId(), 77u);
  // The transport's own requests carry origin 0.
  e.c.Call("session", FakeBackend::kOperatorIface, [](CB c) { c.setSessionInfo(); });
  EXPECT_EQ(e.c.last.origin, 0u);
}

}  // namespace
}  // namespace remote_session
