#include "tools/remote-session-client/fake_gateway.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include <capnp/message.h>

#include "schema/remote_session.capnp.h"
#include "tools/remote-session-client/fake_services.h"
#include "tools/remote-session-client/frame.h"

namespace rsclient::testing {
namespace {

namespace rs = capos::schema;

struct State {
  bool logged_in = false;
  bool logged_out = false;
  bool joined = false;
  std::string principal;
  std::vector<std::string> events;
  FakeServices services;
  FakeTerminals* terminals = nullptr;  // shared by the gateway's connections
  int session = 0;                     // the terminals' session (login / resume)
  uint64_t now_ms = 0;
  HeldRead held;
  bool hold = false;  // handle(): the request is a read to answer later
};

uint64_t now_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

constexpr uint64_t kTerminalManagerIface = 0xca8f05688a962b50;

void deny(rs::Response::Builder r, rs::ErrorCode code) {
  auto d = r.initDenied();
  d.setCode(code);
  d.setMessage("denied");
}

void view(rs::SessionView::Builder v, const State& s) {
  v.setPrincipal(s.principal);
  v.setPrincipalClass(s.principal == "operator" ? "operator" : s.principal);
  v.setProfile(s.principal);
  v.setAuthMethod(s.principal == "operator" ? "password" : s.principal);
  v.setSessionTag("s1");
  v.setLive(true);
}

struct Entry {
  const char* name;
  uint64_t iface;
};
constexpr Entry kEntries[] = {
    {"session", kSessionIface}, {"system_info", kSystemIface}, {"chat", kChatIface}};

void handle(rs::Request::Reader q, rs::Response::Builder r, State* s) {
  r.setRequestId(q.getRequestId());
  const bool needs_session =
      q.which() != rs::Request::AUTH_METHODS && q.which() != rs::Request::LOGIN &&
      q.which() != rs::Request::SESSION_RESUME && q.which() != rs::Request::EXPORT_TRANSCRIPT &&
      q.which() != rs::Request::AUTH_CHALLENGE;
  if (needs_session && s->logged_out) return deny(r, rs::ErrorCode::STALE_SESSION);
  if (needs_session && !s->logged_in) return deny(r, rs::ErrorCode::NOT_AUTHENTICATED);
  switch (q.which()) {
    case rs::Request::AUTH_CHALLENGE:  // plaintext, as the guest answers it there
      return deny(r, rs::ErrorCode::DISABLED_AUTH_METHOD);
    case rs::Request::AUTH_METHODS: {
      s->events.push_back("authMethods");
      auto l = r.initAuthMethods(2);
      l[0].setName("password");
      l[0].setEnabled(true);
      l[1].setName("passkey");
      l[1].setReason("not in this build");
      return;
    }
    case rs::Request::LOGIN: {
      auto login = q.getLogin();
      s->logged_in = false;
      if (login.isPassword()) {
        auto p = login.getPassword();
        s->events.push_back("login password");
        if (p.getPrincipal() != "operator" || p.getPassword() != kOperatorPassword) {
          return deny(r, rs::ErrorCode::AUTH_DENIED);
        }
        s->principal = "operator";
      } else if (login.isGuest()) {
        s->principal = "guest";
      } else if (login.isAnonymous()) {
        s->principal = "anonymous";
      } else {
        return deny(r, rs::ErrorCode::DISABLED_AUTH_METHOD);
      }
      s->logged_in = true;
      std::string ticket;
      s->session = s->terminals->login(&ticket);
      view(r.initLoggedIn(), *s);
      r.getLoggedIn().setResumeTicket(
          capnp::Data::Reader(reinterpret_cast<const capnp::byte*>(ticket.data()), ticket.size()));
      return;
    }
    case rs::Request::SESSION_RESUME: {
      auto t = q.getSessionResume();
      const int session =
          s->terminals->resume(std::string(reinterpret_cast<const char*>(t.begin()), t.size()));
      if (session == 0) return deny(r, rs::ErrorCode::AUTH_DENIED);
      s->session = session;
      s->logged_in = true;
      s->principal = "operator";
      return view(r.initLoggedIn(), *s);
    }
    case rs::Request::SESSION_INFO:
      return view(r.initSessionInfo(), *s);
    case rs::Request::CAP_SET_LIST: {
      const auto exported = s->services.exports();
      auto l = r.initCapSet(static_cast<unsigned>(3 + exported.size()));
      for (unsigned i = 0; i < 3; ++i) {
        l[i].setName(kEntries[i].name);
        l[i].setInterfaceId(kEntries[i].iface);
        l[i].initLease().setSessionBound(true);
      }
      unsigned i = 3;
      for (const auto& cap : exported) s->services.fill_entry(cap, l[i++]);
      return;
    }
    case rs::Request::CAP_SET_GET:
    case rs::Request::CALL: {
      const bool get = q.isCapSetGet();
      const std::string name = get ? q.getCapSetGet().getName() : q.getCall().getCapName();
      const uint64_t iface = get ? q.getCapSetGet().getInterfaceId() : q.getCall().getInterfaceId();
      const Entry* e = nullptr;
      for (const auto& x : kEntries) {
        if (name == x.name) e = &x;
      }
      if (e == nullptr && !get && name == "terminal") {
        if (iface != kTerminalManagerIface) return deny(r, rs::ErrorCode::WRONG_INTERFACE);
        s->hold = !s->terminals->call(s->session, q.getCall(), q.getRequestId(), s->now_ms,
                                      r.initCallResult().initTerminal(), &s->held);
        return;
      }
      if (e == nullptr) {
        // Not a built-in entry: maybe an export of a running service.
        auto exported = s->services.export_iface(name);
        if (!exported) return deny(r, rs::ErrorCode::UNKNOWN_CAP);
        if (*exported != iface) return deny(r, rs::ErrorCode::WRONG_INTERFACE);
        if (get) return s->services.fill_entry(name, r.initCapSetEntry());
        return s->services.call(name, q.getCall(), r);
      }
      if (e->iface != iface) return deny(r, rs::ErrorCode::WRONG_INTERFACE);
      if (get) {
        auto out = r.initCapSetEntry();
        out.setName(e->name);
        out.setInterfaceId(e->iface);
        return;
      }
      auto c = q.getCall();
      auto res = r.initCallResult();
      switch (c.which()) {
        case rs::Call::SYSTEM_MOTD:
          return res.setText("welcome\x1b[31m");
        case rs::Call::CHAT_JOIN:
          s->joined = true;
          return res.initChatJoined().setYou(s->principal);
        case rs::Call::CHAT_SEND: {
          auto sent = res.initChatSent();
          sent.setSent(s->joined);
          sent.setReason(s->joined ? "" : "not joined");
          sent.setSeq(s->joined ? 1 : 0);
          return;
        }
        case rs::Call::CHAT_WHO: {
          auto m = res.initChatMembers(1);
          m.set(0, s->principal);
          return;
        }
        default:
          return deny(r, rs::ErrorCode::METHOD_DENIED);
      }
    }
    case rs::Request::SERVICE_CATALOG:
      return s->services.catalog(s->principal == "operator", r);
    case rs::Request::SERVICE_LAUNCH:
      return s->services.launch(s->principal == "operator", q.getServiceLaunch(), r);
    case rs::Request::SERVICE_STATUS:
      return s->services.status(q.getServiceStatus(), r);
    case rs::Request::SERVICE_STOP:
      return s->services.stop(q.getServiceStop(), r);
    case rs::Request::LOGOUT:
      s->logged_out = true;
      r.setLoggedOut();
      return;
    case rs::Request::EXPORT_TRANSCRIPT: {
      auto l = r.initTranscript(static_cast<unsigned>(s->events.size()));
      for (unsigned i = 0; i < l.size(); ++i) {
        l[i].setSeq(i);
        l[i].setKind(s->events[i]);
        l[i].setOutcome("ok");
      }
      return;
    }
  }
}

bool send_all(int fd, const std::string& b) {
  return ::send(fd, b.data(), b.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(b.size());
}

}  // namespace

FakeGateway::FakeGateway(Misbehave mode, FakeTerminalKnobs knobs)
    : mode_(mode), terminals_(std::move(knobs)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  listen(listen_fd_, 8);
  socklen_t len = sizeof(a);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeGateway::~FakeGateway() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<std::string> FakeGateway::seen() {
  std::lock_guard<std::mutex> l(mu_);
  return seen_;
}

void FakeGateway::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    serve_connection(fd);
    close(fd);
  }
}

void FakeGateway::serve_connection(int fd) {
  if (mode_ == Misbehave::kRefuse) {
    capnp::MallocMessageBuilder out;
    deny(out.initRoot<rs::Response>(), rs::ErrorCode::BOUND_EXCEEDED);
    std::string frame;
    encode_frame(out, &frame);
    send_all(fd, frame);
    shutdown(fd, SHUT_WR);
    usleep(100 * 1000);  // let the client's request arrive before close
    return;
  }
  FrameReader reader;
  State state;
  state.terminals = &terminals_;
  std::vector<HeldRead> held;  // reads waiting for output: answered out of order
  uint32_t last_answered = 0;
  while (!stop_) {
    for (auto it = held.begin(); it != held.end();) {
      if (!terminals_.ready(*it, now_ms())) {
        ++it;
        continue;
      }
      capnp::MallocMessageBuilder out;
      auto r = out.initRoot<rs::Response>();
      r.setRequestId(it->request_id);
      terminals_.answer(*it, r.initCallResult().initTerminal());
      if (it->request_id < last_answered) {
        std::lock_guard<std::mutex> l(mu_);
        seen_.push_back("answered out of order");
      }
      std::string frame;
      encode_frame(out, &frame);
      if (!send_all(fd, frame)) return;
      it = held.erase(it);
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5) <= 0) continue;
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return;
    reader.feed(std::string_view(buf, static_cast<size_t>(n)));
    while (auto payload = reader.next()) {
      capnp::MallocMessageBuilder in;
      if (decode_request(*payload, &in) != FrameError::kNone) return;
      auto q = in.getRoot<rs::Request>().asReader();
      {
        std::lock_guard<std::mutex> l(mu_);
        if (q.isLogin() && q.getLogin().isPassword()) {
          auto pw = q.getLogin().getPassword();
          seen_.push_back(std::string("login password ") + pw.getPrincipal().cStr() +
                          (pw.getPassword() == kOperatorPassword ? " ok" : " bad"));
        } else if (q.isLogin()) {
          seen_.push_back("login other");
        } else if (q.isServiceLaunch()) {
          seen_.push_back(describe_launch(q.getServiceLaunch()));
        } else {
          seen_.push_back("request " + std::to_string(static_cast<int>(q.which())));
        }
      }
      switch (mode_) {
        case Misbehave::kCloseOnFirstRequest:
          return;
        case Misbehave::kGarbageFrame:
          send_all(fd, frame_header(16) + std::string(16, '\xff'));
          continue;
        case Misbehave::kHugeHeader:
          send_all(fd, frame_header(1 << 20));
          continue;
        case Misbehave::kSilent:
          continue;
        default:
          break;
      }
      capnp::MallocMessageBuilder out;
      auto r = out.initRoot<rs::Response>();
      state.now_ms = now_ms();
      state.hold = false;
      handle(q, r, &state);
      if (state.hold) {
        held.push_back(state.held);
        continue;
      }
      if (mode_ == Misbehave::kWrongRequestId) r.setRequestId(q.getRequestId() + 100);
      last_answered = std::max(last_answered, q.getRequestId());
      std::string frame;
      encode_frame(out, &frame);
      if (!send_all(fd, frame)) return;
    }
    if (reader.error() != FrameError::kNone) return;
  }
}

}  // namespace rsclient::testing
