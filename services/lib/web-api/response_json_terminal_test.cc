// RenderResponseJson for the terminal calls and the resume ticket, against
// `capnp convert binary:json`: a real Session over FakeBackend answers
// every terminal* call (ok, refused by the terminal, refused by the core,
// a read that waited) and logs in with a ticket; the core's writer is also
// called with what FakeBackend cannot reach (a full read, an unknown status).
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>
#include <string.h>

#include <functional>
#include <string>
#include <vector>

#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"
#include "services/lib/web-api/response_json_test_util.h"

namespace web_api {
namespace {

using namespace remote_session;
namespace s = capos::schema;
using CB = s::Call::Builder;
constexpr uint64_t kTerm = FakeBackend::kTerminalIface;

// Tickets whose bytes wrap through 255 and 0.
struct WrappingTickets : ResumeTickets {
  uint8_t next = 248;
  bool Mint(uint8_t* out) override {
    for (size_t i = 0; i < kResumeTicketBytes; ++i) out[i] = uint8_t(next + i);
    next += 3;
    return true;
  }
};

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  WrappingTickets tickets;
  SessionLimits limits;
  Session a{backend, SharedBounds{&logins, &holders, nullptr, &tickets},
            ConnectionInfo{{1, 2}, 0, "u"}, limits};
  Session b{backend, SharedBounds{&logins, &holders, nullptr, &tickets},
            ConnectionInfo{{1, 3}, 0, "u"}, limits};
  TestClient ca{a}, cb{b};
  Frames frames;

  void Term(const std::function<void(CB)>& f) {
    ca.Call("terminal", kTerm, f);
    frames.Add(ca.out.data(), ca.last.length);
  }
};

TerminalInfo View(uint32_t id, TerminalStateCode state) {
  TerminalInfo t;
  t.id = id;
  t.cols = 65535;
  t.rows = 24;
  t.state = state;
  t.owner_attached = id % 2 == 1;
  t.followers = 4294967295u;
  t.oldest_seq = 9007199254740993ull;  // not exact as a double: must stay a string
  t.next_seq = 18446744073709551615ull;
  t.paused = true;
  t.grace_ms = 30000;
  return t;
}

void Ref(s::TerminalRef::Builder r) {
  r.setTerminalId(1);
  r.setAttachment(17);
}

TEST(ResponseJsonTerminal, EveryTerminalAnswerAndTicketMatchesCapnpConvert) {
  Env e;
  e.ca.Login("operator", "opensesame");  // loggedIn with a resumeTicket
  e.frames.Add(e.ca.out.data(), e.ca.last.length);
  ASSERT_EQ(e.ca.Parse().getLoggedIn().getResumeTicket().size(), kResumeTicketBytes);
  // A second window joins with that ticket: loggedIn again, same ticket.
  auto ticket = e.ca.Parse().getLoggedIn().getResumeTicket();
  std::vector<uint8_t> t(ticket.begin(), ticket.end());
  e.cb.Send([&](RS::Builder b) { b.setSessionResume(kj::arrayPtr(t.data(), t.size())); });
  ASSERT_TRUE(e.cb.last.resume);
  Output o = e.a.Resumed(9, 0, 2000, e.ca.out.data(), e.ca.out.size());
  e.frames.Add(e.ca.out.data(), o.length);

  TerminalReply& ans = e.backend.terminal_answer;
  ans.terminal_id = 1;
  ans.attachment = 17;
  ans.mode = TerminalModeCode::kFollower;
  ans.info = View(1, TerminalStateCode::kRunning);
  e.Term([](CB c) {
    c.initTerminalOpen().setCols(80);
    c.getTerminalOpen().setRows(24);
  });
  e.Term([](CB c) {
    auto a = c.initTerminalAttach();
    a.setTerminalId(1);
    a.setMode("follower");
    a.setResumeSeq(5);
  });
  ans.terminal_count = 3;
  ans.terminals[0] = View(1, TerminalStateCode::kRunning);
  ans.terminals[1] = View(2, TerminalStateCode::kDetached);
  ans.terminals[2] = View(3, TerminalStateCode::kExited);
  e.Term([](CB c) { c.setTerminalList(); });
  ans.terminal_count = 0;
  e.Term([](CB c) { c.setTerminalList(); });  // terminals: []
  e.Term([](CB c) {
    auto w = c.initTerminalWrite();
    Ref(w.initRef());
    const uint8_t keys[] = {'l', 's', '\r'};
    w.setBytes(kj::arrayPtr(keys, sizeof(keys)));
  });
  e.Term([](CB c) {
    auto r = c.initTerminalResize();
    Ref(r.initRef());
    r.setCols(100);
    r.setRows(30);
  });
  uint8_t out[256];
  for (int i = 0; i < 256; ++i) out[i] = uint8_t(i);
  ans.bytes = out;
  ans.bytes_len = sizeof(out);
  ans.next_seq = 9007199254740993ull;
  ans.skipped = 12;
  ans.more = true;
  e.Term([](CB c) { Ref(c.initTerminalRead().initRef()); });
  ans.bytes_len = 0;  // no output yet: no bytes member
  ans.more = false;
  e.Term([](CB c) { Ref(c.initTerminalRead().initRef()); });
  ans.cursor_seq = 18446744073709551615ull;
  e.Term([](CB c) { Ref(c.initTerminalInfo()); });
  e.Term([](CB c) { Ref(c.initTerminalDetach()); });
  e.Term([](CB c) { Ref(c.initTerminalClose()); });
  // Refused by the terminal (a status and its limit), and by the core.
  ans = TerminalReply();
  ans.status = 6;  // tooManyTerminals
  ans.limit = 4;
  e.Term([](CB c) { c.initTerminalOpen(); });
  e.Term([](CB c) {
    std::string big(kMaxTerminalWriteBytes + 1, 'x');
    c.initTerminalWrite().setBytes(
        kj::arrayPtr(reinterpret_cast<const uint8_t*>(big.data()), big.size()));
  });                                                            // the core's tooLarge
  e.Term([](CB c) { c.initTerminalAttach().setMode("boss"); });  // denied malformedRequest
  // A read that waited, answered later.
  ans = TerminalReply();
  e.backend.pending_terminal_reads = true;
  e.ca.Call("terminal", kTerm, [](CB c) {
    Ref(c.initTerminalRead().initRef());
    c.getTerminalRead().setWaitMs(1000);
  });
  ASSERT_TRUE(e.ca.last.pending);
  TerminalReply later;
  const uint8_t hello[] = {'h', 'i', 0x1b, '[', 'm'};
  later.bytes = hello;
  later.bytes_len = sizeof(hello);
  later.next_seq = 5;
  o = e.a.CompleteTerminal(e.backend.last_terminal_tag, BackendStatus::kOk, &later, 3000,
                           e.ca.out.data(), e.ca.out.size());
  e.frames.Add(e.ca.out.data(), o.length);

  ExpectAllMatch(e.frames);
  int terminal_results = 0;
  for (auto& p : e.frames.payloads) {
    kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(p.data()),
                                          p.size() / sizeof(capnp::word));
    capnp::FlatArrayMessageReader r(words);
    auto resp = r.getRoot<s::Response>();
    if (resp.isCallResult() && resp.getCallResult().isTerminal()) ++terminal_results;
  }
  EXPECT_EQ(terminal_results, 14);  // all but the bad mode's denial
}

struct Writer {
  std::vector<uint8_t> out = std::vector<uint8_t>(kMaxResponseFrameBytes);
  Frame f{out.data(), out.size(), kDefaultMaxFrameBytes};
};

TEST(ResponseJsonTerminal, TheWritersEdgesMatchCapnpConvert) {
  Frames frames;
  Writer w;
  // The largest read: every byte value, kMaxTerminalReadBytes + the marker.
  std::vector<uint8_t> big(kMaxTerminalReadBytes + kMaxTerminalMarkerBytes);
  for (size_t i = 0; i < big.size(); ++i) big[i] = uint8_t(i * 7);
  TerminalReply r;
  r.bytes = big.data();
  r.bytes_len = big.size();
  r.skipped = 1;
  frames.Add(w.out.data(), WriteTerminalResult(w.f, 1, CallMethod::kTerminalRead, r));
  // Every status name, and one past them (the core writes "unknown").
  for (TerminalStatusCode st = 0; st <= 14; ++st) {
    TerminalReply d;
    d.status = st;
    d.limit = st;
    frames.Add(w.out.data(), WriteTerminalResult(w.f, st, CallMethod::kTerminalInfo, d));
  }
  // A list longer than the core keeps is cut to kMaxTerminals.
  TerminalReply l;
  l.terminal_count = kMaxTerminals + 3;
  for (uint32_t i = 0; i < kMaxTerminals; ++i) l.terminals[i].id = i + 1;
  frames.Add(w.out.data(), WriteTerminalResult(w.f, 2, CallMethod::kTerminalList, l));
  ExpectAllMatch(frames);
  std::string json = Render(frames.payloads[0]);
  EXPECT_GT(json.size(), big.size() * 2) << "every byte is a number";
  EXPECT_LT(json.size(), 160u * 1024) << "fits web-ui's response buffer";
}

// Hand-built: what the core never writes (null members a client of another
// front end could still receive).
TEST(ResponseJsonTerminal, NullMembersMatchCapnpConvert) {
  Frames frames;
  auto add = [&](const std::function<void(s::Response::Builder)>& fill) {
    capnp::MallocMessageBuilder m;
    fill(m.initRoot<s::Response>());
    auto words = capnp::messageToFlatArray(m);
    auto bytes = words.asBytes();
    std::vector<uint8_t> frame(4 + bytes.size());
    uint32_t n = uint32_t(bytes.size());
    memcpy(frame.data(), &n, 4);
    memcpy(frame.data() + 4, bytes.begin(), bytes.size());
    frames.Add(frame.data(), frame.size());
  };
  add([](s::Response::Builder b) {
    b.initCallResult().initTerminal();
    b.getCallResult().disownTerminal();  // union member null: written as {}
  });
  add([](s::Response::Builder b) { b.initCallResult().initTerminal(); });  // all pointers null
  add([](s::Response::Builder b) {
    auto t = b.initCallResult().initTerminal();
    t.initRef();
    t.initInfo();  // a view with null texts
    t.initTerminals(1);
    t.initBytes(0);  // empty, not null: "bytes": []
  });
  add([](s::Response::Builder b) { b.initLoggedIn().initResumeTicket(0); });
  add([](s::Response::Builder b) {
    auto t = b.initSessionInfo().initResumeTicket(3);
    t[0] = 0, t[1] = 128, t[2] = 255;
  });
  ExpectAllMatch(frames);
}

}  // namespace
}  // namespace web_api
