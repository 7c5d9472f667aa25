#include "tools/remote-session-client/fake_services.h"

#include <cstdio>
#include <vector>

#include "tools/remote-session-client/fake_gateway.h"

namespace rsclient::testing {
namespace {

namespace rs = capos::schema;

struct Grant {
  const char* name;
  const char* interface_name;
  uint64_t iface;
  rs::GrantHolder holder;
  bool move;
};

struct Param {
  const char* name;
  rs::ParamType type;
  uint64_t min, max;
  std::vector<const char*> values;
};

struct Method {
  const char* name;
  const char* summary;
  std::vector<Param> params;
};

struct Profile {
  const char* name;
  const char* description;
  std::vector<const char*> binaries;
  std::vector<Grant> grants;
  const char* export_name;
  const char* export_interface;
  uint64_t export_iface;
  std::vector<Method> methods;
};

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> p = {
      {"adventure",
       "A shared text world",
       {"adventure-worker", "adventure-server"},
       {{"control", "ServiceWorker", kWorkerIface, rs::GrantHolder::SERVICE_OWNED, true},
        {"adventure", "Adventure", kAdventureIface, rs::GrantHolder::BACKEND_HELD, false},
        {"chat", "Chat", kChatIface, rs::GrantHolder::CLIENT_FACET, false}},
       "adventure",
       "Adventure",
       kAdventureIface,
       {{"look", "Look around the room", {}},
        {"go",
         "Walk through an exit",
         {{"direction",
           rs::ParamType::ENUM,
           0,
           0,
           {"north", "south", "east", "west", "up", "down"}}}},
        {"take", "Pick up an item here", {{"item", rs::ParamType::TEXT, 1, 32, {}}}},
        {"who", "Everyone in the world and where", {}}}},
      {"paperclips",
       "An incremental game",
       {"paperclips-worker", "paperclips-server"},
       {{"paperclips", "Paperclips", kPaperclipsIface, rs::GrantHolder::BACKEND_HELD, false},
        {"session", "Session", kSessionIface, rs::GrantHolder::CLIENT_FACET, false}},
       "paperclips",
       "Paperclips",
       kPaperclipsIface,
       {{"status", "The game as it stands", {}},
        {"make", "Make one clip by hand", {}},
        {"setPrice", "Set the price per clip", {{"cents", rs::ParamType::UINT, 1, 1000, {}}}}}},
  };
  return p;
}

const Profile* find_profile(const std::string& name) {
  for (const auto& p : profiles()) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

const Profile* find_export(const std::string& cap) {
  for (const auto& p : profiles()) {
    if (cap == p.export_name) return &p;
  }
  return nullptr;
}

void deny_launch(rs::Response::Builder r, rs::LaunchDenial why) {
  auto d = r.initDenied();
  d.setCode(rs::ErrorCode::LAUNCH_DENIED);
  d.setLaunch(why);
  d.setMessage("launch refused");
}

void fill_export(const Profile& p, rs::ExportDescriptor::Builder x) {
  x.setCapName(p.export_name);
  x.setInterfaceName(p.export_interface);
  x.setInterfaceId(p.export_iface);
}

// The guest's check of a launch's client-facet grants: none unexpected or
// twice, each with the profile's interface, and none missing.
std::optional<rs::LaunchDenial> check_grants(const Profile& p,
                                             capnp::List<rs::GrantChoice>::Reader given) {
  std::set<std::string> named;
  for (auto g : given) {
    const Grant* want = nullptr;
    for (const auto& x : p.grants) {
      if (g.getName() == x.name && x.holder == rs::GrantHolder::CLIENT_FACET) want = &x;
    }
    if (want == nullptr || !named.insert(g.getName().cStr()).second) {
      return rs::LaunchDenial::UNEXPECTED_GRANT;
    }
    if (g.getInterfaceId() != want->iface) return rs::LaunchDenial::WRONG_INTERFACE;
  }
  for (const auto& x : p.grants) {
    if (x.holder == rs::GrantHolder::CLIENT_FACET && named.count(x.name) == 0) {
      return rs::LaunchDenial::MISSING_GRANT;
    }
  }
  return std::nullopt;
}

}  // namespace

void FakeServices::catalog(bool may_launch, rs::Response::Builder r) const {
  auto l = r.initServiceCatalog(static_cast<unsigned>(profiles().size()));
  for (unsigned i = 0; i < l.size(); ++i) {
    const Profile& p = profiles()[i];
    auto e = l[i];
    e.setName(p.name);
    e.setDescription(p.description);
    auto b = e.initBinaries(static_cast<unsigned>(p.binaries.size()));
    for (unsigned k = 0; k < b.size(); ++k) b.set(k, p.binaries[k]);
    auto c = e.initCompanions(1);
    c[0].setBinary(p.binaries[1]);
    c[0].setCount(2);
    c[0].setShared(true);
    auto g = e.initGrants(static_cast<unsigned>(p.grants.size()));
    for (unsigned k = 0; k < g.size(); ++k) {
      g[k].setName(p.grants[k].name);
      g[k].setInterfaceName(p.grants[k].interface_name);
      g[k].setInterfaceId(p.grants[k].iface);
      g[k].setHolder(p.grants[k].holder);
      g[k].setTransfer(p.grants[k].move ? "move" : "copy");
    }
    fill_export(p, e.initExports(1)[0]);
    auto pol = e.initPolicy();
    pol.setStart("on request");
    pol.setAttach("per session");
    pol.setStop("with the session");
    pol.setPerSessionLimit(1);
    pol.setSystemLimit(8);
    e.setState(running_.count(p.name) ? rs::ServiceState::RUNNING : rs::ServiceState::NOT_RUNNING);
    e.setAvailable(may_launch);
    e.setUnavailable(may_launch ? rs::LaunchDenial::NONE : rs::LaunchDenial::NOT_PERMITTED);
    e.setReason(may_launch ? "" : "this session's class holds no service runner");
  }
}

void FakeServices::launch(bool may_launch, rs::ServiceLaunch::Reader q, rs::Response::Builder r) {
  const Profile* p = find_profile(q.getProfile());
  if (p == nullptr) return deny_launch(r, rs::LaunchDenial::UNKNOWN_PROFILE);
  if (!may_launch) return deny_launch(r, rs::LaunchDenial::NOT_PERMITTED);
  if (q.getBinary().size() > 0 && q.getBinary() != p->binaries[0]) {
    return deny_launch(r, rs::LaunchDenial::DISALLOWED_BINARY);
  }
  if (auto why = check_grants(*p, q.getGrants())) return deny_launch(r, *why);
  if (running_.count(p->name)) return deny_launch(r, rs::LaunchDenial::SESSION_QUOTA);
  running_.insert(p->name);
  status(q.getProfile(), r);
}

void FakeServices::status(capnp::Text::Reader profile, rs::Response::Builder r) const {
  const Profile* p = find_profile(profile);
  if (p == nullptr) return deny_launch(r, rs::LaunchDenial::UNKNOWN_PROFILE);
  auto s = r.initServiceState();
  s.setProfile(p->name);
  if (running_.count(p->name) == 0) return;  // notRunning, no exports
  s.setState(rs::ServiceState::RUNNING);
  s.setProcesses(1);
  fill_export(*p, s.initExports(1)[0]);
}

void FakeServices::stop(capnp::Text::Reader profile, rs::Response::Builder r) {
  const Profile* p = find_profile(profile);
  if (p == nullptr) return deny_launch(r, rs::LaunchDenial::UNKNOWN_PROFILE);
  if (running_.erase(p->name) == 0) return deny_launch(r, rs::LaunchDenial::NOT_RUNNING);
  r.initServiceState().setProfile(p->name);
}

std::set<std::string> FakeServices::exports() const {
  std::set<std::string> out;
  for (const auto& name : running_) out.insert(find_profile(name)->export_name);
  return out;
}

std::optional<uint64_t> FakeServices::export_iface(const std::string& cap) const {
  const Profile* p = find_export(cap);
  if (p == nullptr || running_.count(p->name) == 0) return std::nullopt;
  return p->export_iface;
}

void FakeServices::fill_entry(const std::string& cap, rs::CapSetEntry::Builder e) const {
  const Profile* p = find_export(cap);
  e.setName(p->export_name);
  e.setInterfaceId(p->export_iface);
  e.setInterfaceName(p->export_interface);
  e.setPolicy("play");
  e.initLease().setSessionBound(true);
  auto names = e.initMethods(static_cast<unsigned>(p->methods.size()));
  auto ds = e.initDescriptors(static_cast<unsigned>(p->methods.size()));
  for (unsigned i = 0; i < ds.size(); ++i) {
    const Method& m = p->methods[i];
    names.set(i, m.name);
    ds[i].setName(m.name);
    ds[i].setSummary(m.summary);
    auto ps = ds[i].initParams(static_cast<unsigned>(m.params.size()));
    for (unsigned k = 0; k < ps.size(); ++k) {
      ps[k].setName(m.params[k].name);
      ps[k].setType(m.params[k].type);
      ps[k].setMin(m.params[k].min);
      ps[k].setMax(m.params[k].max);
      auto vs = ps[k].initValues(static_cast<unsigned>(m.params[k].values.size()));
      for (unsigned v = 0; v < vs.size(); ++v) vs.set(v, m.params[k].values[v]);
    }
  }
}

std::string describe_launch(rs::ServiceLaunch::Reader q) {
  std::string s = std::string("launch ") + q.getProfile().cStr() +
                  " binary=" + q.getBinary().cStr() + " grants=";
  for (auto g : q.getGrants()) {
    char id[24];
    std::snprintf(id, sizeof(id), "0x%llx", static_cast<unsigned long long>(g.getInterfaceId()));
    s += std::string(g.getName().cStr()) + ":" + id + ",";
  }
  return s;
}

}  // namespace rsclient::testing
