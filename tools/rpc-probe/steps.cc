#include "tools/rpc-probe/steps.h"

#include <kj/async-io.h>
#include <kj/debug.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace rpcprobe {
namespace {

namespace rpc = capos::rpc;
namespace rs = capos::schema;

// Step name -> how many arguments it takes (-1: zero or one).
const std::map<std::string, int>& Arity() {
  static const std::map<std::string, int> a = {{"auth-methods", 0}, {"hold", 0},
                                               {"wait", 0},         {"login", -2},
                                               {"info", 0},         {"capset", 0},
                                               {"get", -1},         {"motd", 0},
                                               {"build-info", 0},   {"join", 0},
                                               {"send", 1},         {"who", 0},
                                               {"poll", 1},         {"leave", 0},
                                               {"logout", 0},       {"transcript", 0},
                                               {"catalog", 0},      {"drop-session", 0},
                                               {"time-info", 1},    {"time-chain", 1},
                                               {"subscribe", 1},    {"subscribe-stuck", 1},
                                               {"listen", 2},       {"release", 0},
                                               {"stamp", 0}};
  return a;
}

std::string Esc(kj::StringPtr s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

// The interface a `get` names: a remote_rpc.capnp interface name, a hex
// id, or (none given) the one the entry name stands for.
uint64_t InterfaceId(const std::string& name, const std::string& given) {
  std::string i = given;
  if (i.empty()) {
    i = name == "system_info" ? "SystemInfo"
        : name == "chat"      ? "Chat"
        : name == "services"  ? "ServiceRunner"
        : name == "session"   ? "Session"
                              : "";
  }
  if (i == "SystemInfo") return capnp::typeId<rpc::SystemInfo>();
  if (i == "Chat") return capnp::typeId<rpc::Chat>();
  if (i == "ServiceRunner") return capnp::typeId<rpc::ServiceRunner>();
  if (i == "Session") return capnp::typeId<rpc::Session>();
  return std::strtoull(i.c_str(), nullptr, 16);
}

void PrintView(const char* what, rs::SessionView::Reader v) {
  std::printf("%s principal=%s class=%s profile=%s method=%s tag=%s live=%s\n", what,
              v.getPrincipal().cStr(), v.getPrincipalClass().cStr(), v.getProfile().cStr(),
              v.getAuthMethod().cStr(), v.getSessionTag().cStr(), v.getLive() ? "true" : "false");
}

}  // namespace

bool Valid(const std::vector<std::string>& steps) {
  for (size_t i = 0; i < steps.size(); ++i) {
    auto it = Arity().find(steps[i]);
    if (it == Arity().end()) return false;
    if (it->second == 1 || it->second == 2) {
      i += it->second;
      if (i >= steps.size()) return false;
    } else if (it->second == -2) {  // login guest|anonymous|password USER
      if (++i >= steps.size()) return false;
      if (steps[i] == "password" && ++i >= steps.size()) return false;
    } else if (it->second == -1 && i + 1 < steps.size() && Arity().count(steps[i + 1]) == 0) {
      ++i;                                                                // get NAME
      if (i + 1 < steps.size() && Arity().count(steps[i + 1]) == 0) ++i;  // [IFACE]
    }
  }
  return true;
}

const char* StepHelp() {
  return "steps: auth-methods | hold | wait | login guest|anonymous|password USER | info |\n"
         "  capset | get NAME [IFACE] | motd | build-info | join | send TEXT | who |\n"
         "  poll SINCE | leave | logout | transcript | catalog | drop-session |\n"
         "  time-info N | time-chain N | subscribe SINCE | subscribe-stuck SINCE | listen N "
         "SECONDS |\n"
         "  release | stamp\n";
}

Probe::Probe(rpclink::RpcLink& client, unsigned timeout_s)
    : client_(client), timeout_s_(timeout_s), gateway_(client.getMain<rpc::Gateway>()) {}

bool Probe::Run(const std::vector<std::string>& steps) {
  bool ok = true;
  for (size_t i = 0; i < steps.size(); ++i) {
    std::string name = steps[i];
    KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() { Step(steps, &i); })) {
      std::printf("%s failed: %s\n", name.c_str(), e->getDescription().cStr());
      ok = false;
    }
    std::fflush(stdout);
  }
  return ok;
}

capos::rpc::Session::Client& Probe::SessionCap() {
  KJ_REQUIRE(!session_.empty(), "no login yet");
  return session_.back();
}

void Probe::Login(const std::string& how, const std::string& user) {
  auto req = gateway_.loginRequest();
  auto login = req.initLogin();
  std::string password;
  if (how == "password") {
    const char* env = std::getenv("RPC_PROBE_PASSWORD");
    if (env != nullptr) {
      password = env;
    } else {
      std::getline(std::cin, password);
    }
    auto proof = login.initPassword();
    proof.setPrincipal(user);
    proof.setPassword(password);
  } else if (how == "anonymous") {
    login.setAnonymous();
  } else {
    login.setGuest();
  }
  auto answer = Wait(req.send());
  auto r = answer.getResult();
  if (r.isDenied()) {
    std::printf("login denied %s\n", Name(r.getDenied().getCode()).c_str());
    return;
  }
  session_.clear();
  session_.push_back(r.getOk().getSession());
  PrintView("login ok", r.getOk().getView());
}

void Probe::Get(const std::string& name, const std::string& iface) {
  auto req = SessionCap().capSetRequest().send().getCapSet().getRequest();
  req.setName(name);
  req.setInterfaceId(InterfaceId(name, iface));
  auto answer = Wait(req.send());
  auto r = answer.getResult();
  if (r.isDenied()) {
    std::printf("get %s denied %s\n", name.c_str(), Name(r.getDenied().getCode()).c_str());
    return;
  }
  caps_.insert_or_assign(name, r.getCap());
  auto e = r.getEntry();
  std::printf("get %s ok %s %016llx %s\n", name.c_str(), e.getInterfaceName().cStr(),
              (unsigned long long)e.getInterfaceId(), e.getPolicy().cStr());
}

void Probe::Step(const std::vector<std::string>& steps, size_t* i) {
  const std::string& s = steps[*i];
  auto next = [&]() -> std::string { return steps[++*i]; };
  auto optional = [&]() -> std::string {
    if (*i + 1 < steps.size() && Arity().count(steps[*i + 1]) == 0) return next();
    return "";
  };
  if (s == "auth-methods") {
    for (auto m : Wait(gateway_.authMethodsRequest().send()).getMethods()) {
      if (m.getEnabled()) {
        std::printf("%s enabled\n", m.getName().cStr());
      } else {
        std::printf("%s disabled: %s\n", m.getName().cStr(), m.getReason().cStr());
      }
    }
  } else if (s == "hold") {
    std::vector<std::string> seq = {"auth-methods", "wait", "auth-methods"};
    for (size_t k = 0; k < seq.size(); ++k) Step(seq, &k);
  } else if (s == "wait") {
    std::printf("ready\n");
    std::fflush(stdout);
    std::string line;
    std::getline(std::cin, line);
  } else if (s == "login") {
    std::string how = next();
    Login(how, how == "password" ? next() : "");
  } else if (s == "info") {
    PrintView("info", Wait(SessionCap().infoRequest().send()).getView());
  } else if (s == "capset") {
    auto list = Wait(SessionCap().capSetRequest().send().getCapSet().listRequest().send());
    std::printf("capset %u\n", list.getEntries().size());
    for (auto e : list.getEntries()) {
      std::printf("entry %s %s %016llx %s\n", e.getName().cStr(), e.getInterfaceName().cStr(),
                  (unsigned long long)e.getInterfaceId(), e.getPolicy().cStr());
    }
  } else if (s == "get") {
    std::string name = next();
    Get(name, optional());
  } else if (s == "motd" || s == "build-info") {
    auto info = Cap<rpc::SystemInfo>("system_info");
    auto text = s == "motd" ? Wait(info.motdRequest().send()).getText()
                            : Wait(info.buildInfoRequest().send()).getText();
    std::printf("%s %s\n", s.c_str(), Esc(text).c_str());
  } else if (s == "join") {
    auto r = Wait(Cap<rpc::Chat>("chat").joinRequest().send());
    std::printf("join status=%s you=%s already=%d\n", Name(r.getStatus()).c_str(),
                r.getYou().cStr(), r.getAlreadyMember() ? 1 : 0);
  } else if (s == "send") {
    auto req = Cap<rpc::Chat>("chat").sendRequest();
    req.setText(next());
    auto r = Wait(req.send());
    std::printf("send sent=%d status=%s seq=%llu\n", r.getSent() ? 1 : 0,
                Name(r.getStatus()).c_str(), (unsigned long long)r.getSeq());
  } else if (s == "who") {
    auto r = Wait(Cap<rpc::Chat>("chat").whoRequest().send());
    std::string members;
    for (auto m : r.getMembers()) members += (members.empty() ? "" : ",") + std::string(m.cStr());
    std::printf("who status=%s members=%s\n", Name(r.getStatus()).c_str(), members.c_str());
  } else if (s == "poll") {
    auto req = Cap<rpc::Chat>("chat").pollRequest();
    req.setSinceSeq(std::strtoull(next().c_str(), nullptr, 10));
    auto r = Wait(req.send());
    std::printf("poll status=%s latest=%llu n=%u\n", Name(r.getStatus()).c_str(),
                (unsigned long long)r.getLatestSeq(), r.getMessages().size());
    for (auto m : r.getMessages()) {
      std::printf("message %llu %s: %s\n", (unsigned long long)m.getSeq(), m.getFrom().cStr(),
                  Esc(m.getText()).c_str());
    }
  } else if (s == "leave") {
    auto r = Wait(Cap<rpc::Chat>("chat").leaveRequest().send());
    std::printf("leave status=%s\n", Name(r.getStatus()).c_str());
  } else if (s == "logout") {
    Wait(SessionCap().logoutRequest().send());
    std::printf("logout ok\n");
  } else if (s == "transcript") {
    auto events = Wait(SessionCap().transcriptRequest().send()).getEvents();
    std::printf("transcript %u\n", events.size());
    for (auto e : events) {
      std::printf("event %s %s %s\n", e.getKind().cStr(), e.getOutcome().cStr(),
                  Esc(e.getDetail()).c_str());
    }
  } else if (s == "catalog") {
    auto services = Wait(Cap<rpc::ServiceRunner>("services").catalogRequest().send());
    std::printf("catalog %u\n", services.getServices().size());
    for (auto e : services.getServices()) {
      std::printf("service %s available=%d\n", e.getName().cStr(), e.getAvailable() ? 1 : 0);
    }
  } else if (TimingStep(s, next)) {
    // timing.cc printed it
  } else if (PushStep(s, next)) {
  } else if (s == "drop-session") {
    // Releases the Session cap (the typed caps stay): no logout.
    session_.clear();
    std::printf("drop-session ok\n");
  }
}

}  // namespace rpcprobe
