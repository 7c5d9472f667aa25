// Chat through session-bound chat-probe processes (issue 3 item 6), logout
// teardown and the login benchmark.
#include <stdio.h>
#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/clients/message.h"
#include "schema/chat.capnp.h"
#include "services/authority-probe/probe.h"
#include "services/authority-probe/relay.h"

namespace aprobe {
namespace {

namespace S = capos::schema;
using Chat = S::Chat;
enum : uint16_t { kJoin = 0, kLeave = 1, kSend = 2, kWho = 3, kPoll = 4 };

alignas(16) uint8_t params[1024];
alignas(16) uint8_t result[34 * 1024];
uint32_t result_len = 0;

abi::Error Do(Relay& r, uint16_t method, capnp::MallocMessageBuilder* b, uint32_t delay = 0) {
  uint32_t len = 0;
  if (b != nullptr) {
    caprt::Result<size_t> n = caprt::SerializeTo(*b, params, sizeof(params));
    if (!n.ok()) return n.error();
    len = static_cast<uint32_t>(n.value());
  }
  return r.Call(method, params, len, delay, result, sizeof(result), &result_len);
}

struct JoinOut {
  Chat::Status status;
  bool already;
  Chat::Bound bound;
  char you[32];
};
JoinOut Join(Relay& r) {
  JoinOut o{Chat::Status::NO_SESSION, false, Chat::Bound::NONE, {}};
  if (Do(r, kJoin, nullptr) != abi::Error::kOk) return o;
  caprt::Decode<Chat::JoinResults>(result, result_len, [&](Chat::JoinResults::Reader x) {
    o.status = x.getStatus();
    o.already = x.getAlreadyMember();
    o.bound = x.getBound();
    snprintf(o.you, sizeof(o.you), "%.*s", static_cast<int>(x.getYou().size()), x.getYou().begin());
  });
  return o;
}

struct SendOut {
  bool sent;
  Chat::Status status;
  uint64_t seq;
};
SendOut Send(Relay& r, const char* text) {
  SendOut o{false, Chat::Status::NO_SESSION, 0};
  capnp::MallocMessageBuilder b;
  b.initRoot<Chat::SendParams>().setText(text);
  if (Do(r, kSend, &b) != abi::Error::kOk) return o;
  caprt::Decode<Chat::SendResults>(result, result_len, [&](Chat::SendResults::Reader x) {
    o = {x.getSent(), x.getStatus(), x.getSeq()};
  });
  return o;
}

uint32_t Who(Relay& r) {
  uint32_t n = 0xffffffffu;
  if (Do(r, kWho, nullptr) != abi::Error::kOk) return n;
  caprt::Decode<Chat::WhoResults>(result, result_len,
                                  [&](Chat::WhoResults::Reader x) { n = x.getMembers().size(); });
  return n;
}

struct PollOut {
  uint32_t count;
  bool truncated;
  uint64_t first_seq;
  char first_from[32];
};
PollOut Poll(Relay& r, uint64_t since) {
  PollOut o{0xffffffffu, false, 0, {}};
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<Chat::PollParams>();
  p.setSinceSeq(since);
  p.setLimit(64);
  if (Do(r, kPoll, &b) != abi::Error::kOk) return o;
  caprt::Decode<Chat::PollResults>(result, result_len, [&](Chat::PollResults::Reader x) {
    auto m = x.getMessages();
    o.count = m.size();
    o.truncated = x.getTruncated();
    if (m.size() > 0) {
      o.first_seq = m[0].getSeq();
      snprintf(o.first_from, sizeof(o.first_from), "%.*s", static_cast<int>(m[0].getFrom().size()),
               m[0].getFrom().begin());
    }
  });
  return o;
}

void CheckMemberBound(Probe& p, Relay& op, uint32_t members) {
  // Fill the room with guest sessions (one process each) up to the bound,
  // then one past it.
  static Relay extra[40];
  static Login logins[40];
  int n = 0;
  bool ok = true;
  for (; members < Chat::MAX_MEMBERS && n < 40; ++n, ++members) {
    logins[n] = DoLogin(p, kGuest, "", "", "", 0x6000 + n, 600 + n);
    char name[24];
    snprintf(name, sizeof(name), "chat-probe-g%d", n);
    if (!logins[n].ok || !extra[n].Start(p, name, logins[n].cell)) {
      ok = false;
      break;
    }
    if (Join(extra[n]).status != Chat::Status::OK) {
      ok = false;
      ++n;
      break;
    }
  }
  p.Check("chat members at the bound (32)", ok && Who(op) == Chat::MAX_MEMBERS, "who %u", Who(op));
  Login past = DoLogin(p, kGuest, "", "", "", 0x6fff, 699);
  Relay r;
  if (past.ok && r.Start(p, "chat-probe-past", past.cell)) {
    JoinOut j = Join(r);
    p.Check("chat join one past the member bound: boundExceeded",
            j.status == Chat::Status::BOUND_EXCEEDED && j.bound == Chat::Bound::MEMBERS,
            "status %u bound %u", static_cast<unsigned>(j.status), static_cast<unsigned>(j.bound));
    r.Finish(true);
    r.Drop();
  }
  if (past.ok) SessionLogout(past.session);
  for (int i = 0; i < n; ++i) {
    Do(extra[i], kLeave, nullptr);
    extra[i].Finish(true);
    extra[i].Drop();
    if (logins[i].ok) SessionLogout(logins[i].session);
  }
}

}  // namespace

void RunChatChecks(Probe& p) {
  Login op = DoLogin(p, kPassword, "operator", "capos-operator-dev", "", 0x20, 20);
  Login gu = DoLogin(p, kGuest, "", "", "", 0x21, 21);
  if (!op.ok || !gu.ok) return p.Fail("chat logins", "operator or guest login failed");
  Relay a, a2, g;
  if (!a.Start(p, "chat-probe-op", op.cell) || !a2.Start(p, "chat-probe-op2", op.cell) ||
      !g.Start(p, "chat-probe-guest", gu.cell)) {
    return;
  }
  SendOut s = Send(g, "too early");
  p.Check("chat send before join: sent=false notJoined",
          !s.sent && s.status == Chat::Status::NOT_JOINED, "sent=%d status %u", s.sent,
          static_cast<unsigned>(s.status));
  JoinOut j = Join(a);
  p.Check("chat join operator (name from the session's class)",
          j.status == Chat::Status::OK && !j.already && strncmp(j.you, "operator-", 9) == 0,
          "status %u you %s", static_cast<unsigned>(j.status), j.you);
  JoinOut j2 = Join(a2);
  p.Check("chat: two processes of one session are one member",
          j2.status == Chat::Status::OK && j2.already && strcmp(j2.you, j.you) == 0,
          "already=%d you %s", j2.already, j2.you);
  JoinOut jg = Join(g);
  p.Check("chat join guest: another member",
          jg.status == Chat::Status::OK && !jg.already && strcmp(jg.you, j.you) != 0,
          "status %u you %s", static_cast<unsigned>(jg.status), jg.you);
  uint32_t who = Who(g);
  p.Check("chat who: 2 members (keyed by session)", who == 2, "%u", who);
  s = Send(a, "hello from the operator");
  p.Check("chat send", s.sent && s.status == Chat::Status::OK && s.seq == 1, "sent=%d seq %llu",
          s.sent, static_cast<unsigned long long>(s.seq));
  PollOut po = Poll(g, 0);
  p.Check("chat poll sees the operator's message",
          po.count == 1 && po.first_seq == 1 && strcmp(po.first_from, j.you) == 0,
          "count %u from %s", po.count, po.first_from);
  // History: fill to exactly the depth, then one past.
  bool sent_all = true;
  for (uint32_t i = 1; i < Chat::HISTORY_DEPTH; ++i) sent_all &= Send(a2, "fill").sent;
  po = Poll(g, 0);
  p.Check("chat history at the bound (64)",
          sent_all && po.count == Chat::HISTORY_DEPTH && !po.truncated && po.first_seq == 1,
          "count %u truncated %d first %llu", po.count, po.truncated,
          static_cast<unsigned long long>(po.first_seq));
  Send(g, "one past");
  po = Poll(g, 0);
  p.Check("chat history one past the bound: oldest dropped, truncated",
          po.count == Chat::HISTORY_DEPTH && po.truncated && po.first_seq == 2,
          "count %u truncated %d first %llu", po.count, po.truncated,
          static_cast<unsigned long long>(po.first_seq));
  CheckMemberBound(p, a, who);
  // Logout of the guest session: its bound process's next call (made after
  // the logout) fails staleSession, and so does its control call: it exits
  // with 100 + staleSession.
  g.CallNoWait(kWho, nullptr, 0, 300);
  abi::Error le = SessionLogout(gu.session);
  int32_t status = g.Finish(false);
  p.Check("logout: bound process's calls fail staleSession",
          le == abi::Error::kOk && status == 100 + static_cast<int32_t>(abi::Error::kStaleSession),
          "logout %s exit %d", caprt::ErrorName(le), status);
  g.Drop();
  AuditCtx ctx = {};
  abi::Error ae = SessionAuditContext(gu.session, &ctx);
  p.Check("auditContext after logout",
          ae == abi::Error::kOk && ctx.logged_out && strcmp(ctx.principal, "guest") == 0 &&
              ctx.source == 0x21 && ctx.conn == 21 && ctx.login_event != 0,
          "%s loggedOut=%d principal %s source %llx", caprt::ErrorName(ae), ctx.logged_out,
          ctx.principal, static_cast<unsigned long long>(ctx.source));
  bool live = true;
  ae = SessionInfoLive(gu.session, &live);
  p.Check("UserSession.info after logout: staleSession", ae == abi::Error::kStaleSession, "%s",
          caprt::ErrorName(ae));
  p.Check("logout is idempotent", SessionLogout(gu.session) == abi::Error::kOk,
          "second logout failed");
  a.Finish(true);
  a2.Finish(true);
  a.Drop();
  a2.Drop();
  SessionLogout(op.session);
}

void RunLoginBench(Probe& p) {
  constexpr int kRuns = 5;
  uint64_t total = 0;
  int ok = 0;
  for (int i = 0; i < kRuns; ++i) {
    caprt::Result<uint64_t> t0 = p.caps().timer.Now();
    Login l = DoLogin(p, kPassword, "operator", "capos-operator-dev", "", 0x30 + i, 30 + i);
    caprt::Result<uint64_t> t1 = p.caps().timer.Now();
    if (!l.ok || !t0.ok() || !t1.ok()) continue;
    total += t1.value() - t0.value();
    ++ok;
    SessionLogout(l.session);
    caprt::Release(l.session);
    caprt::Release(l.cell);
  }
  if (ok > 0) {
    p.caps().console.Printf("bench login-ns %llu\n", static_cast<unsigned long long>(total / ok));
  }
  p.Check("login bench", ok == kRuns, "%d of %d logins", ok, kRuns);
}

}  // namespace aprobe
