#include "services/shell/test_env.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>
#include <string.h>

#include "layout/paperclips.capnp.layout.h"
#include "schema/adventure.capnp.h"
#include "schema/paperclips.capnp.h"

namespace shell_app::test {
namespace {

namespace rs = remote_session;
namespace s = capos::schema;
namespace L = capos::layout;

}  // namespace

rs::BackendStatus TestBackend::CallChat(rs::BackendSession s, uint32_t tag,
                                        const rs::ChatRequest& req, rs::ChatReply* reply) {
  rs::BackendStatus st = FakeBackend::CallChat(s, tag, req, reply);
  if (st != rs::BackendStatus::kOk) return st;
  if (req.op == rs::ChatOp::kSend && reply->sent) {
    rs::Summary sm;
    SessionInfo(s, &sm);
    room.push_back({reply->seq, std::string(sm.principal) + "-" + std::to_string(s),
                    std::string(req.text, req.text_len)});
  }
  if (req.op == rs::ChatOp::kPoll && reply->status == rs::ChatStatus::kOk) {
    for (const Message& m : room) {
      if (m.seq <= req.since_seq) continue;
      if (reply->message_count == req.limit) {
        reply->truncated = true;
        break;
      }
      rs::ChatMessage& out = reply->messages[reply->message_count++];
      out.seq = m.seq;
      snprintf(out.from, sizeof(out.from), "%s", m.from.c_str());
      snprintf(out.text, sizeof(out.text), "%s", m.text.c_str());
    }
    if (!room.empty() && room.back().seq > reply->latest_seq) reply->latest_seq = room.back().seq;
  }
  return st;
}

void TestBackend::Inject(const std::string& from, const std::string& text) {
  uint64_t seq = room.empty() ? 1000 : room.back().seq + 1;
  room.push_back({seq, from, text});
}

void TestBackend::FillPaperclips(bool running, rs::ServiceInfo* out) const {
  *out = rs::ServiceInfo();
  strcpy(out->name, "paperclips");
  strcpy(out->description, "make paperclips, sell them, buy machines");
  strcpy(out->worker_binary, "paperclips-worker");
  strcpy(out->grants[0].name, "paperclips");
  strcpy(out->grants[0].interface_name, "Paperclips");
  out->grants[0].interface_id = kPaperclipsIface;
  out->grants[0].holder = rs::GrantHolder::kClientFacet;
  strcpy(out->grants[1].name, "console");
  strcpy(out->grants[1].interface_name, "Console");
  out->grants[1].holder = rs::GrantHolder::kBackendHeld;
  out->grant_count = 2;
  strcpy(out->exports[0].name, "paperclips");
  out->exports[0].kind = rs::CapKind::kPaperclips;
  out->exports[0].interface_id = kPaperclipsIface;
  out->exports[0].rights = rs::kRightRead | rs::kRightWrite;
  out->export_count = 1;
  out->system_limit = 4;
  out->state = running ? rs::ServiceState::kRunning : rs::ServiceState::kNotRunning;
  out->processes = running ? 1 : 0;
}

rs::BackendStatus TestBackend::ServiceCatalog(rs::BackendSession s, rs::ServiceCatalogView* out) {
  rs::BackendStatus st = FakeBackend::ServiceCatalog(s, out);
  if (st != rs::BackendStatus::kOk) return st;
  FillPaperclips(paperclips.count(s) > 0, &out->services[out->count++]);
  return st;
}

rs::BackendStatus TestBackend::ServiceLaunch(rs::BackendSession s, const rs::LaunchRequest& request,
                                             rs::Completion* out) {
  if (strcmp(request.profile, "paperclips") != 0) {
    return FakeBackend::ServiceLaunch(s, request, out);
  }
  if (!IsLive(s)) return rs::BackendStatus::kStale;
  auto deny = [&](rs::LaunchDenial d) {
    out->denial = d;
    return rs::BackendStatus::kLaunchDenied;
  };
  if (!request.has_runner) return deny(rs::LaunchDenial::kNotPermitted);
  // Exactly the clientFacet grant, as the CLI names it.
  if (request.grant_count != 1 || strcmp(request.grants[0].name, "paperclips") != 0) {
    return deny(rs::LaunchDenial::kMissingGrant);
  }
  if (request.grants[0].interface_id != kPaperclipsIface) {
    return deny(rs::LaunchDenial::kWrongInterface);
  }
  if (paperclips.count(s) > 0) return deny(rs::LaunchDenial::kSessionQuota);
  paperclips[s] = Game();
  FillPaperclips(true, &out->service);
  return rs::BackendStatus::kOk;
}

rs::BackendStatus TestBackend::ServiceStop(rs::BackendSession s, const char* profile,
                                           rs::Completion* out) {
  if (strcmp(profile, "paperclips") != 0) return FakeBackend::ServiceStop(s, profile, out);
  if (paperclips.erase(s) == 0) {
    out->denial = rs::LaunchDenial::kNotRunning;
    return rs::BackendStatus::kLaunchDenied;
  }
  FillPaperclips(true, &out->service);  // its exports leave the CapSet
  out->service.state = rs::ServiceState::kNotRunning;
  out->service.processes = 0;
  return rs::BackendStatus::kOk;
}

rs::BackendStatus TestBackend::CallService(rs::BackendSession s, uint32_t tag,
                                           const rs::ServiceCall& call) {
  if (call.kind != rs::CapKind::kPaperclips) {
    rs::BackendStatus st = FakeBackend::CallService(s, tag, call);
    if (st != rs::BackendStatus::kPending) return st;
    // Adventure: one room, whatever the verb.
    capnp::MallocMessageBuilder b;
    auto v = b.initRoot<s::Adventure::StatusResults>().initView();
    v.setOutcome(s::Adventure::Outcome::OK);
    v.setMessage("You look around.");
    v.setRoom("Gatehouse");
    v.setDescription("A cold stone arch.");
    v.initExits(2).set(0, "north");
    v.getExits().set(1, "east");
    auto bytes = capnp::messageToFlatArray(b);
    pending_results_.assign(bytes.asBytes().begin(), bytes.asBytes().end());
    pending_ = true;
    pending_tag_ = tag;
    return st;
  }
  auto it = paperclips.find(s);
  if (!IsLive(s) || it == paperclips.end()) return rs::BackendStatus::kUnavailable;
  Game& g = it->second;
  ++g.ticks;
  const char* message = "";
  switch (call.method) {
    case L::Paperclips::kMake:
      ++g.clips;
      --g.wire;
      message = "You made a clip.";
      break;
    case L::Paperclips::kSetPrice: {
      capnp::FlatArrayMessageReader r(
          kj::arrayPtr(reinterpret_cast<const capnp::word*>(call.params),
                       call.params_len / sizeof(capnp::word)));
      g.price = r.getRoot<s::Paperclips::SetPriceParams>().getCents();
      message = "Price set.";
      break;
    }
    default:
      break;
  }
  capnp::MallocMessageBuilder b;
  auto v = b.initRoot<s::Paperclips::StatusResults>().initView();
  v.setOutcome(s::Paperclips::Outcome::OK);
  v.setMessage(message);
  v.setClips(g.clips);
  v.setWire(g.wire);
  v.setFundsCents(g.funds);
  v.setPriceCents(g.price);
  v.setDemandPercent(30);
  v.setTicks(g.ticks);
  v.setAutoclipperCostCents(500);
  v.setWireCostCents(1500);
  auto bytes = capnp::messageToFlatArray(b);
  pending_results_.assign(bytes.asBytes().begin(), bytes.asBytes().end());
  pending_ = true;
  pending_tag_ = tag;
  return rs::BackendStatus::kPending;
}

bool TestBackend::TakeResults(uint32_t* tag, std::vector<uint8_t>* results) {
  if (!pending_) return false;
  pending_ = false;
  *tag = pending_tag_;
  *results = pending_results_;
  return true;
}

PortStatus SessionPort::Request(const uint8_t* req, size_t len, bool quiet, uint8_t* resp,
                                size_t cap, size_t* resp_len) {
  if (gone) return PortStatus::kGone;
  rs::Request r;
  rs::Output out;
  if (rs::DecodeRequest(req, len, &r) == rs::DecodeStatus::kOk) {
    seen.push_back({r.request_id, r.kind, r.method, quiet});
    r.quiet = quiet;  // what a front end does for the shell's background polls
    out = session_->HandleRequest(r, 1000, frame_.data(), frame_.size());
  } else {
    out = session_->HandleFrame(req, len, 1000, frame_.data(), frame_.size());
  }
  uint32_t tag = 0;
  std::vector<uint8_t> results;
  if (out.pending && backend_->TakeResults(&tag, &results)) {
    out = session_->CompleteService(tag, rs::BackendStatus::kOk, results.data(), results.size(),
                                    1000, frame_.data(), frame_.size());
  }
  if (out.length <= 4 || out.length - 4 > cap) return PortStatus::kError;
  memcpy(resp, frame_.data() + 4, out.length - 4);
  *resp_len = out.length - 4;
  return PortStatus::kOk;
}

Terminal::Terminal(Env& e, const char* user, const char* password, size_t c, size_t r,
                   shell::ResizeModel m)
    : env(e),
      session(e.backend, rs::SharedBounds{&e.logins, &e.holders},
              rs::ConnectionInfo{{1, 2}, 0, "hostuser"}),
      screen(c, r),
      model(m),
      cols(c),
      rows(r) {
  if (password != nullptr) {
    client.Login(user, password);
  } else {
    client.Guest();
  }
  ShellSession::Options o;
  o.resize_model = m;
  shell = std::make_unique<ShellSession>(&port, this, o);
  shell->Start(uint16_t(c), uint16_t(r));
}

void Terminal::Write(const char* data, size_t size) {
  output.append(data, size);
  screen.Write(data, size);
  EXPECT_EQ(screen.unknown(), "");
}

void Terminal::Type(const std::string& keys) {
  shell->Input(reinterpret_cast<const uint8_t*>(keys.data()), keys.size(), uint16_t(cols),
               uint16_t(rows), false);
}

void Terminal::Resize(size_t c) {
  cols = c;
  screen.Resize(c, model);
  shell->Input(nullptr, 0, uint16_t(cols), uint16_t(rows), true);
}

void Terminal::Tick() {
  shell->Tick();
}

std::string Terminal::Screen() const {
  std::string s;
  for (const std::string& row : screen.Rows()) s += row + "\n";
  return s;
}

std::string Terminal::Line() const {
  shell::TextRef l = shell->editor().line();
  return std::string(l.data, l.size);
}

}  // namespace shell_app::test
