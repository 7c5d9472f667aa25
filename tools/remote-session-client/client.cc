#include "tools/remote-session-client/client.h"

#include <capnp/schema.h>

#include <chrono>

#include "schema/remote_session.capnp.h"
#include "tools/remote-session-client/enum_name.h"
#include "tools/remote-session-client/login_fill.h"
#include "tools/remote-session-client/render.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;
using Which = rs::Response::Which;

// The response variant a request expects (a denial is always acceptable).
Which expected_variant(const Step& s) {
  switch (s.kind) {
    case Step::Kind::kAuthMethods:
      return Which::AUTH_METHODS;
    case Step::Kind::kLogin:
      return Which::LOGGED_IN;
    case Step::Kind::kSessionInfo:
      return Which::SESSION_INFO;
    case Step::Kind::kCapSetList:
      return Which::CAP_SET;
    case Step::Kind::kCapSetGet:
      return Which::CAP_SET_ENTRY;
    case Step::Kind::kCall:
      return Which::CALL_RESULT;
    case Step::Kind::kLogout:
      return Which::LOGGED_OUT;
    case Step::Kind::kServices:
      return Which::SERVICE_CATALOG;
    case Step::Kind::kLaunch:
    case Step::Kind::kServiceStatus:
    case Step::Kind::kServiceStop:
      return Which::SERVICE_STATE;
    case Step::Kind::kHelp:
      return s.name.empty() ? Which::CAP_SET : Which::CAP_SET_ENTRY;
    case Step::Kind::kChallenge:
      return Which::CHALLENGE;
    case Step::Kind::kTranscript:
    case Step::Kind::kSleep:
      break;
  }
  return Which::TRANSCRIPT;
}

void fill_command(const Step& s, rs::Command::Builder c) {
  c.setVerb(s.verb);
  auto args = c.initArgs(static_cast<unsigned>(s.args.size()));
  for (unsigned i = 0; i < args.size(); ++i) args.set(i, s.args[i]);
}

void fill_call(const Step& s, rs::Call::Builder c) {
  switch (s.call) {
    case CallMethod::kSessionInfo:
      c.setSessionInfo();
      break;
    case CallMethod::kMotd:
      c.setSystemMotd();
      break;
    case CallMethod::kBuildInfo:
      c.setSystemBuildInfo();
      break;
    case CallMethod::kJoin:
      c.setChatJoin();
      break;
    case CallMethod::kLeave:
      c.setChatLeave();
      break;
    case CallMethod::kSend:
      c.setChatSend(s.arg);
      break;
    case CallMethod::kWho:
      c.setChatWho();
      break;
    case CallMethod::kPoll:
      c.setChatPoll(s.since);
      break;
    case CallMethod::kAdventure:
      fill_command(s, c.initAdventure());
      break;
    case CallMethod::kPaperclips:
      fill_command(s, c.initPaperclips());
      break;
  }
}

void fill_launch(const Step& s, const std::vector<GrantArg>& grants, rs::ServiceLaunch::Builder l) {
  l.setProfile(s.name);
  l.setBinary(s.binary);
  auto g = l.initGrants(static_cast<unsigned>(grants.size()));
  for (unsigned i = 0; i < g.size(); ++i) {
    g[i].setName(grants[i].name);
    g[i].setInterfaceId(grants[i].iface);
  }
}

void set_denial(StepOutcome* out, rs::RemoteDenial::Reader d) {
  out->kind = StepOutcome::Kind::kDenied;
  out->exit_code = kExitDenied;
  out->denial_code = error_code_name(static_cast<uint16_t>(d.getCode()));
  if (d.getCode() == rs::ErrorCode::LAUNCH_DENIED) out->launch_denial = enum_name(d.getLaunch());
}

int io_exit(IoStatus st) {
  switch (st) {
    case IoStatus::kOk:
      return kExitOk;
    case IoStatus::kConnectFailed:
    case IoStatus::kClosed:
      return kExitConnection;
    case IoStatus::kTimeout:
      return kExitTimeout;
    case IoStatus::kBadFrame:
      return kExitProtocol;
  }
  return kExitProtocol;
}

// Severity for the run's exit code: errors beat denials beat success.
int severity(int code) {
  return code == kExitOk ? 0 : code == kExitDenied ? 1 : 2;
}

const Step& export_step() {
  static const Step s = [] {
    Step t;
    t.kind = Step::Kind::kTranscript;
    t.text = "transcript (export)";
    return t;
  }();
  return s;
}

}  // namespace

StepOutcome error_outcome(const Step& s, int code, std::string msg) {
  StepOutcome o;
  o.step = &s;
  o.kind = StepOutcome::Kind::kError;
  o.exit_code = code;
  o.error = std::move(msg);
  return o;
}

const char* error_code_name(uint16_t code) {
  return enum_name(static_cast<rs::ErrorCode>(code), "unknownError");
}

Client::Client(const Options& options, Connection* conn, ClientHooks hooks)
    : options_(options), conn_(conn), hooks_(std::move(hooks)) {}

Client::~Client() {
  // Best effort: do not leave the password in freed memory.
  if (password_) std::fill(password_->begin(), password_->end(), '\0');
}

int Client::run(const std::vector<Step>& steps) {
  int worst = kExitOk;
  for (const Step& s : steps) {
    for (StepOutcome& out : run_step(s)) {
      if (!record(out, &worst)) return worst;
    }
  }
  return worst;
}

// Logs and emits one outcome; false when the run must stop.
bool Client::record(const StepOutcome& out, int* worst) {
  const Step& s = *out.step;
  std::string line = "step " + std::to_string(log_.size() + 1) + ": " + s.text + " -> ";
  if (out.kind == StepOutcome::Kind::kOk) line += "ok";
  if (out.kind == StepOutcome::Kind::kDenied) line += "denied " + out.denial_code;
  if (out.kind == StepOutcome::Kind::kError)
    line += "error (exit " + std::to_string(out.exit_code) + ")";
  log_.push_back(line);
  if (hooks_.emit) hooks_.emit(out);
  if (severity(out.exit_code) > severity(*worst)) *worst = out.exit_code;
  return out.kind != StepOutcome::Kind::kError;
}

std::vector<StepOutcome> Client::run_step(const Step& s) {
  if (s.kind == Step::Kind::kSleep) {
    if (hooks_.sleep) hooks_.sleep(s.sleep_ms);
    StepOutcome o;
    o.step = &s;
    return {o};
  }
  if (broken_) return {error_outcome(s, kExitConnection, "the connection is no longer usable")};
  capnp::MallocMessageBuilder msg;
  auto req = msg.initRoot<rs::Request>();
  switch (s.kind) {
    case Step::Kind::kAuthMethods:
      req.setAuthMethods();
      break;
    case Step::Kind::kLogin: {
      if (s.method == LoginMethod::kPublicKey) {
        StepOutcome failure;
        if (!fill_key_login(s, req.initLogin(), &failure)) return {failure};
        break;
      }
      std::string usage = FillLogin(s, options_.user, hooks_.password, password_, req.initLogin());
      if (!usage.empty()) return {error_outcome(s, kExitUsage, usage)};
      break;
    }
    case Step::Kind::kSessionInfo:
      req.setSessionInfo();
      break;
    case Step::Kind::kCapSetList:
      req.setCapSetList();
      break;
    case Step::Kind::kHelp:
      if (s.name.empty()) {
        req.setCapSetList();
        break;
      }
      [[fallthrough]];
    case Step::Kind::kCapSetGet:
    case Step::Kind::kCall: {
      StepOutcome failure;
      auto iface = resolve_interface(s, &failure);
      if (!iface) return {failure};
      if (s.kind != Step::Kind::kCall) {
        auto g = req.initCapSetGet();
        g.setName(s.name);
        g.setInterfaceId(*iface);
      } else {
        auto c = req.initCall();
        c.setCapName(s.name);
        c.setInterfaceId(*iface);
        fill_call(s, c);
      }
      break;
    }
    case Step::Kind::kLogout:
      req.setLogout();
      break;
    case Step::Kind::kTranscript:
      req.setExportTranscript();
      break;
    case Step::Kind::kServices:
      req.setServiceCatalog();
      break;
    case Step::Kind::kLaunch: {
      std::vector<GrantArg> grants = s.grants;
      StepOutcome failure;
      if (s.grants_from == Step::Grants::kFromCatalog && !catalog_grants(s, &grants, &failure)) {
        return {failure};
      }
      fill_launch(s, grants, req.initServiceLaunch());
      break;
    }
    case Step::Kind::kServiceStatus:
      req.setServiceStatus(s.name);
      break;
    case Step::Kind::kServiceStop:
      req.setServiceStop(s.name);
      break;
    case Step::Kind::kSleep:
    case Step::Kind::kChallenge:
      break;
  }
  std::vector<StepOutcome> outs = exchange(s, msg, s.repeat);
  if (s.kind == Step::Kind::kCapSetList || (s.kind == Step::Kind::kHelp && s.name.empty())) {
    remember_capset(outs.back());
  }
  return outs;
}

// A request the client makes for itself before a step (to learn an
// interface id or a profile's grants). It is not emitted or logged; only a
// transport or protocol error surfaces, as the step's own outcome.
StepOutcome Client::side_request(const Step& s, Step::Kind kind, const char* why) {
  Step side;
  side.kind = kind;
  side.text = why;
  capnp::MallocMessageBuilder msg;
  auto req = msg.initRoot<rs::Request>();
  if (kind == Step::Kind::kServices) {
    req.setServiceCatalog();
  } else if (kind == Step::Kind::kChallenge) {
    req.setAuthChallenge();
  } else {
    req.setCapSetList();
  }
  StepOutcome o = std::move(exchange(side, msg, 1).back());
  o.step = &s;  // `side` dies here
  return o;
}

std::optional<uint64_t> Client::resolve_interface(const Step& s, StepOutcome* failure) {
  if (s.iface) return s.iface;
  if (interfaces_.count(s.name) == 0) {
    // Not known yet, or the CapSet has grown since (a launch adds its
    // exports): list it on this connection first.
    StepOutcome o = side_request(s, Step::Kind::kCapSetList, "capset list (to resolve an id)");
    if (o.kind == StepOutcome::Kind::kError) {
      *failure = std::move(o);
      return std::nullopt;
    }
    remember_capset(o);
  }
  auto it = interfaces_.find(s.name);
  // An unknown name still goes to the gateway, whose answer (unknownCap)
  // is the truth; 0 is no interface id.
  return it == interfaces_.end() ? 0 : it->second;
}

// The default grants of a launch: exactly the profile's clientFacet grants
// as the catalog describes them. A denied catalog or a profile not in it
// leaves none, and the launch still goes out: the gateway's answer
// (unknownProfile, missingGrant, ...) is the truth, not the client's guess.
bool Client::catalog_grants(const Step& s, std::vector<GrantArg>* grants, StepOutcome* failure) {
  StepOutcome o = side_request(s, Step::Kind::kServices, "services (to name the grants)");
  if (o.kind == StepOutcome::Kind::kError) {
    *failure = std::move(o);
    return false;
  }
  if (o.kind != StepOutcome::Kind::kOk) return true;
  for (auto e : o.response->getRoot<rs::Response>().asReader().getServiceCatalog()) {
    if (e.getName() != s.name.c_str()) continue;
    for (auto g : e.getGrants()) {
      if (g.getHolder() == rs::GrantHolder::CLIENT_FACET) {
        grants->push_back({g.getName().cStr(), g.getInterfaceId()});
      }
    }
  }
  return true;
}

void Client::remember_capset(const StepOutcome& out) {
  if (out.kind != StepOutcome::Kind::kOk) return;
  auto r = out.response->getRoot<rs::Response>().asReader();
  interfaces_.clear();
  for (auto e : r.getCapSet()) interfaces_[e.getName()] = e.getInterfaceId();
}

std::vector<StepOutcome> Client::exchange(const Step& s, capnp::MallocMessageBuilder& msg,
                                          uint32_t repeat) {
  // A burst sends every copy before reading any answer, so the gateway sees
  // them outstanding at once; answers may then come in any order.
  auto req = msg.getRoot<rs::Request>();
  std::map<uint32_t, bool> pending;
  std::string frames;
  for (uint32_t k = 0; k < repeat; ++k) {
    const uint32_t id = next_id_++;
    req.setRequestId(id);
    std::string frame;
    if (encode_frame(msg, &frame) != FrameError::kNone) {
      return {error_outcome(s, kExitUsage, "request too large for one frame (max 65536 bytes)")};
    }
    frames += frame;
    std::fill(frame.begin(), frame.end(), '\0');  // may hold a password
    pending[id] = true;
  }
  const auto start = std::chrono::steady_clock::now();
  IoResult io = conn_->send(frames);
  std::fill(frames.begin(), frames.end(), '\0');
  std::vector<StepOutcome> outs;
  auto fail = [&](int code, std::string why) {
    broken_ = true;
    outs.push_back(error_outcome(s, code, std::move(why)));
    return outs;
  };
  if (io.status != IoStatus::kOk) return fail(io_exit(io.status), io.message);
  while (!pending.empty()) {
    std::string payload;
    io = conn_->receive(&payload, options_.timeout_ms);
    if (io.status != IoStatus::kOk) return fail(io_exit(io.status), io.message);
    StepOutcome out;
    out.step = &s;
    out.response = std::make_shared<capnp::MallocMessageBuilder>();
    const FrameError fe = decode_response(payload, out.response.get());
    out.elapsed_us = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                               std::chrono::steady_clock::now() - start)
                                               .count());
    if (fe != FrameError::kNone) {
      return fail(kExitProtocol, std::string("protocol error: ") + frame_error_name(fe));
    }
    auto r = out.response->getRoot<rs::Response>().asReader();
    out.request_id = r.getRequestId();
    if (out.request_id == 0 && r.which() == Which::DENIED) {
      // Request id 0 is the gateway speaking for the connection (too many
      // connections, a malformed frame): it answers the step, then closes.
      set_denial(&out, r.getDenied());
      broken_ = true;
      outs.push_back(std::move(out));
      return outs;
    }
    // In order for single requests; within the burst for bursts.
    const bool expected =
        repeat == 1 ? out.request_id == pending.begin()->first : pending.count(out.request_id) != 0;
    if (!expected) {
      return fail(kExitProtocol, "protocol error: response to request " +
                                     std::to_string(out.request_id) + " that is not outstanding");
    }
    pending.erase(out.request_id);
    if (r.which() == Which::DENIED) {
      set_denial(&out, r.getDenied());
    } else if (r.which() != expected_variant(s)) {
      return fail(kExitProtocol, "protocol error: unexpected response variant");
    }
    outs.push_back(std::move(out));
  }
  return outs;
}

std::string Client::transcript_file_text() {
  std::string text = "# capOS remote-session transcript (redacted by the gateway)\n";
  StepOutcome out = std::move(run_step(export_step()).back());
  if (out.kind == StepOutcome::Kind::kOk) {
    for (auto e : out.response->getRoot<rs::Response>().asReader().getTranscript()) {
      text += std::to_string(e.getSeq()) + " +" + std::to_string(e.getAtMs()) + "ms " +
              printable(e.getKind().cStr()) + " " + printable(e.getOutcome().cStr()) + " " +
              printable(e.getDetail().cStr()) + "\n";
    }
  } else if (out.kind == StepOutcome::Kind::kDenied) {
    text += "# export denied: " + out.denial_code + "\n";
  } else {
    text += "# export unavailable: the connection is closed\n";
  }
  text += "# client log\n";
  for (const auto& l : log_) text += l + "\n";
  return text;
}

}  // namespace rsclient
