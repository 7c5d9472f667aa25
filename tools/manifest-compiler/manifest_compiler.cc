#include "tools/manifest-compiler/manifest_compiler.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "kernel-abi/abi.h"
#include "kernel-abi/boot_package.h"
#include "schema/boot_manifest.capnp.h"

namespace capos::manifest {
namespace {

using JsonValue = capnp::json::Value;
using schema::BootManifest;

// Thrown inside this file only, to unwind to Compile() with one message.
struct CompileError {
  std::string message;
};

[[noreturn]] void Fail(const std::string& path, const std::string& why) {
  throw CompileError{path + ": " + why};
}

std::string Quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// A JSON object's fields by name; duplicates and unknown names are errors.
std::map<std::string, JsonValue::Reader> Fields(JsonValue::Reader v, const std::string& path,
                                                const std::set<std::string>& allowed) {
  if (v.which() != JsonValue::OBJECT) Fail(path, "must be an object");
  std::map<std::string, JsonValue::Reader> out;
  for (auto f : v.getObject()) {
    std::string name = f.getName();
    if (allowed.count(name) == 0) Fail(path, "unknown field " + Quote(name));
    if (!out.emplace(name, f.getValue()).second) Fail(path, "duplicate field " + Quote(name));
  }
  return out;
}

JsonValue::Reader Required(const std::map<std::string, JsonValue::Reader>& fields,
                           const std::string& path, const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end()) Fail(path, "missing field " + Quote(name));
  return it->second;
}

std::string String(JsonValue::Reader v, const std::string& path) {
  if (v.which() != JsonValue::STRING) Fail(path, "must be a string");
  auto t = v.getString();
  return std::string(t.begin(), t.size());
}

std::string Num(double d) {
  std::ostringstream os;
  os << d;
  return os.str();
}

uint64_t Integer(JsonValue::Reader v, const std::string& path, uint64_t lo, uint64_t hi) {
  if (v.which() != JsonValue::NUMBER) Fail(path, "must be a number");
  double d = v.getNumber();
  // The negated form also rejects NaN and infinities.
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi))) {
    Fail(path, Num(d) + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  if (std::floor(d) != d) Fail(path, Num(d) + " is not an integer");
  return static_cast<uint64_t>(d);
}

// [a-z] then up to max_len-1 of [a-z0-9-] (and [A-Z] when `upper`); max_len
// leaves room for the NUL in the fixed ABI name fields.
void CheckName(const std::string& s, const std::string& path, size_t max_len, bool upper) {
  bool ok = !s.empty() && s.size() <= max_len && s[0] >= 'a' && s[0] <= 'z';
  for (char c : s) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                (upper && c >= 'A' && c <= 'Z'));
  }
  if (!ok) {
    Fail(path, Quote(s) + " must match [a-z][" + (upper ? "a-zA-Z" : "a-z") + "0-9-]{0," +
                   std::to_string(max_len - 1) + "}");
  }
}

struct KindName {
  const char* name;
  BootManifest::CapKind kind;
};
constexpr KindName kKinds[] = {
    {"console", BootManifest::CapKind::CONSOLE},
    {"timer", BootManifest::CapKind::TIMER},
    {"bootPackage", BootManifest::CapKind::BOOT_PACKAGE},
    {"processSpawner", BootManifest::CapKind::PROCESS_SPAWNER},
    {"tcpListenAuthority", BootManifest::CapKind::TCP_LISTEN_AUTHORITY},
    {"endpointFactory", BootManifest::CapKind::ENDPOINT_FACTORY},
    {"sessionAuthority", BootManifest::CapKind::SESSION_AUTHORITY},
    {"entropy", BootManifest::CapKind::ENTROPY},
    {"diagnostics", BootManifest::CapKind::DIAGNOSTICS},
    {"endpoint", BootManifest::CapKind::ENDPOINT},
    {"bootResource", BootManifest::CapKind::BOOT_RESOURCE},
};

// The kernel hands a bootResource to init as "res-<resource>", which must
// fit a CapSet name; a longer resource is refused, never truncated.
constexpr const char* kResourceCapPrefix = "res-";
constexpr size_t kResourceNameMax = abi::kCapNameMax - 1 - 4;
static_assert(kResourceNameMax == 27, "manifests/defaults/schema.cue #ResourceName says 27");

// Everything the per-service checks need to know about the whole manifest.
struct Context {
  const InterfaceTable* interfaces;
  std::map<std::string, size_t> endpoints;    // name -> index
  std::map<std::string, std::string> owners;  // endpoint -> where its owner facet is granted
};

uint64_t InterfaceId(const Context& ctx, const std::string& name, const std::string& path) {
  auto it = ctx.interfaces->find(name);
  if (it == ctx.interfaces->end()) Fail(path, "unknown interface " + Quote(name));
  if (it->second == 0) Fail(path, "interface " + Quote(name) + " is defined twice in schema/");
  return it->second;
}

BootManifest::CapKind Kind(const std::string& s, const std::string& path) {
  for (const auto& k : kKinds) {
    if (s == k.name) return k.kind;
  }
  Fail(path, "unknown cap kind " + Quote(s));
}

// A bootResource names the one boot-package blob it reads (an entry name,
// short enough for "res-<name>"); no other kind takes a resource. Whether
// the blob is in the package is mkbootpkg's check, and the kernel's.
void CompileResource(const std::map<std::string, JsonValue::Reader>& f, const std::string& at,
                     BootManifest::CapKind kind, BootManifest::Grant::Builder grant) {
  bool scoped = kind == BootManifest::CapKind::BOOT_RESOURCE;
  auto r = f.find("resource");
  if (scoped && r == f.end()) Fail(at, "a bootResource grant needs a resource");
  if (!scoped && r != f.end()) Fail(at + ".resource", "only a bootResource takes a resource");
  if (!scoped) return;
  std::string name = String(r->second, at + ".resource");
  if (name.size() > kResourceNameMax) {
    Fail(at + ".resource", Quote(name) + " is longer than " + std::to_string(kResourceNameMax) +
                               " bytes: the cap " + Quote(kResourceCapPrefix + name) +
                               " would not fit a CapSet name");
  }
  CheckName(name, at + ".resource", kResourceNameMax, false);
  grant.setResource(name);
}

// Port -> where it was first granted, for the one-listener-per-port rule.
using PortOwners = std::map<uint64_t, std::string>;

void CompileGrants(JsonValue::Reader v, const std::string& path, BootManifest::Service::Builder svc,
                   PortOwners* ports, Context* ctx) {
  if (v.which() != JsonValue::ARRAY) Fail(path, "must be an array");
  auto list = v.getArray();
  if (list.size() > abi::kCapSetMaxEntries) {
    Fail(path, std::to_string(list.size()) + " grants exceed the CapSet page limit of " +
                   std::to_string(abi::kCapSetMaxEntries));
  }
  auto grants = svc.initGrants(list.size());
  std::map<std::string, size_t> names;
  for (uint32_t i = 0; i < list.size(); ++i) {
    std::string at = path + "[" + std::to_string(i) + "]";
    auto f = Fields(list[i], at, {"name", "kind", "port", "endpoint", "facet", "resource"});
    std::string name = String(Required(f, at, "name"), at + ".name");
    CheckName(name, at + ".name", abi::kCapNameMax - 1, true);
    if (auto [it, fresh] = names.emplace(name, i); !fresh) {
      Fail(at + ".name",
           Quote(name) + " is already granted by grants[" + std::to_string(it->second) + "]");
    }
    auto kind = Kind(String(Required(f, at, "kind"), at + ".kind"), at + ".kind");
    grants[i].setName(name);
    grants[i].setKind(kind);
    bool listen = kind == BootManifest::CapKind::TCP_LISTEN_AUTHORITY;
    auto port = f.find("port");
    if (listen && port == f.end()) Fail(at, "a tcpListenAuthority grant needs a port");
    if (!listen && port != f.end()) Fail(at + ".port", "only a tcpListenAuthority takes a port");
    if (listen) {
      uint64_t p = Integer(port->second, at + ".port", 1, 65535);
      if (auto [it, fresh] = ports->emplace(p, at); !fresh) {
        Fail(at + ".port", "port " + std::to_string(p) + " is already granted by " + it->second);
      }
      grants[i].setPort(static_cast<uint16_t>(p));
    }
    CompileResource(f, at, kind, grants[i]);
    bool endpoint = kind == BootManifest::CapKind::ENDPOINT;
    auto ep = f.find("endpoint");
    auto facet = f.find("facet");
    if (!endpoint && (ep != f.end() || facet != f.end())) {
      Fail(at, "only an endpoint grant names an endpoint and a facet");
    }
    if (endpoint) {
      if (ep == f.end()) Fail(at, "an endpoint grant needs an endpoint");
      std::string e = String(ep->second, at + ".endpoint");
      if (ctx->endpoints.count(e) == 0) Fail(at + ".endpoint", "no endpoint named " + Quote(e));
      std::string fa = facet == f.end() ? "client" : String(facet->second, at + ".facet");
      if (fa != "client" && fa != "owner") Fail(at + ".facet", "must be \"client\" or \"owner\"");
      grants[i].setEndpoint(e);
      grants[i].setFacet(fa == "owner" ? BootManifest::Facet::OWNER : BootManifest::Facet::CLIENT);
      // One serving process per endpoint: two owners would race for calls.
      if (fa == "owner") {
        if (auto [it, fresh] = ctx->owners.emplace(e, at); !fresh) {
          Fail(at + ".facet", "endpoint " + Quote(e) + " is already served by " + it->second);
        }
      }
    }
  }
}

void CompileEndpoints(JsonValue::Reader v, BootManifest::Builder out, Context* ctx) {
  if (v.which() != JsonValue::ARRAY) Fail("endpoints", "must be an array");
  auto list = v.getArray();
  if (list.size() > 32) Fail("endpoints", "more than 32 endpoints");
  auto eps = out.initEndpoints(list.size());
  for (uint32_t i = 0; i < list.size(); ++i) {
    std::string at = "endpoints[" + std::to_string(i) + "]";
    auto f = Fields(list[i], at, {"name", "interface", "disclose"});
    std::string name = String(Required(f, at, "name"), at + ".name");
    CheckName(name, at + ".name", abi::kCapNameMax - 1, true);
    if (auto [it, fresh] = ctx->endpoints.emplace(name, i); !fresh) {
      Fail(at + ".name", Quote(name) + " is already endpoints[" + std::to_string(it->second) + "]");
    }
    eps[i].setName(name);
    eps[i].setInterfaceId(InterfaceId(*ctx, String(Required(f, at, "interface"), at + ".interface"),
                                      at + ".interface"));
    auto d = f.find("disclose");
    if (d != f.end()) {
      if (d->second.which() != JsonValue::BOOLEAN) Fail(at + ".disclose", "must be a boolean");
      eps[i].setDisclose(d->second.getBoolean());
    }
  }
}

// Live children of one launcher profile (#LauncherProfile.maxInstances; the
// launcher keeps a handle per child, launcher::kMaxInstances).
constexpr uint64_t kMaxInstances = 64;

void CompileLauncherProfiles(JsonValue::Reader v, BootManifest::Builder out, Context* ctx) {
  if (v.which() != JsonValue::ARRAY) Fail("launcherProfiles", "must be an array");
  auto list = v.getArray();
  auto profiles = out.initLauncherProfiles(list.size());
  std::set<std::string> names;
  for (uint32_t i = 0; i < list.size(); ++i) {
    std::string at = "launcherProfiles[" + std::to_string(i) + "]";
    auto f = Fields(list[i], at, {"name", "binaries", "grants", "heapPages", "maxInstances"});
    std::string name = String(Required(f, at, "name"), at + ".name");
    CheckName(name, at + ".name", abi::kCapNameMax - 1, true);
    if (!names.insert(name).second) Fail(at + ".name", Quote(name) + " is defined twice");
    profiles[i].setName(name);
    auto bins = Required(f, at, "binaries");
    if (bins.which() != JsonValue::ARRAY) Fail(at + ".binaries", "must be an array");
    auto b = profiles[i].initBinaries(bins.getArray().size());
    for (uint32_t j = 0; j < b.size(); ++j) {
      std::string bin = String(bins.getArray()[j], at + ".binaries[" + std::to_string(j) + "]");
      CheckName(bin, at + ".binaries", abi::kBootPkgNameMax - 1, false);
      b.set(j, bin);
    }
    auto grants = Required(f, at, "grants");
    if (grants.which() != JsonValue::ARRAY) Fail(at + ".grants", "must be an array");
    auto gl = grants.getArray();
    if (gl.size() > abi::kMaxTransferCaps)
      Fail(at + ".grants", "more grants than one spawn carries");
    auto g = profiles[i].initGrants(gl.size());
    for (uint32_t j = 0; j < gl.size(); ++j) {
      std::string gat = at + ".grants[" + std::to_string(j) + "]";
      auto gf = Fields(gl[j], gat, {"name", "interface"});
      std::string gname = String(Required(gf, gat, "name"), gat + ".name");
      CheckName(gname, gat + ".name", abi::kCapNameMax - 1, true);
      g[j].setName(gname);
      g[j].setInterfaceId(InterfaceId(
          *ctx, String(Required(gf, gat, "interface"), gat + ".interface"), gat + ".interface"));
    }
    auto hp = f.find("heapPages");
    profiles[i].setHeapPages(hp == f.end()
                                 ? 256
                                 : static_cast<uint32_t>(Integer(hp->second, at + ".heapPages", 16,
                                                                 abi::kHeapMaxPages)));
    // Absent means 0, no limit, as in CUE.
    auto mi = f.find("maxInstances");
    if (mi != f.end()) {
      profiles[i].setMaxInstances(
          static_cast<uint32_t>(Integer(mi->second, at + ".maxInstances", 0, kMaxInstances)));
    }
  }
}

bool HasKind(BootManifest::Service::Builder svc, BootManifest::CapKind kind) {
  for (auto g : svc.getGrants()) {
    if (g.getKind() == kind) return true;
  }
  return false;
}

void CompileManifest(JsonValue::Reader root, BootManifest::Builder out,
                     const InterfaceTable& interfaces) {
  auto top = Fields(root, "$", {"services", "options", "endpoints", "launcherProfiles"});
  Context ctx{&interfaces, {}, {}};
  if (auto e = top.find("endpoints"); e != top.end()) CompileEndpoints(e->second, out, &ctx);
  if (auto l = top.find("launcherProfiles"); l != top.end()) {
    CompileLauncherProfiles(l->second, out, &ctx);
  }
  JsonValue::Reader services = Required(top, "$", "services");
  if (services.which() != JsonValue::ARRAY) Fail("services", "must be an array");
  auto list = services.getArray();
  if (list.size() == 0) Fail("services", "must list at least init");
  if (list.size() > kMaxServices) {
    Fail("services", std::to_string(list.size()) + " services exceed the limit of " +
                         std::to_string(kMaxServices));
  }
  auto svcs = out.initServices(list.size());
  std::map<std::string, size_t> names;
  PortOwners ports;
  for (uint32_t i = 0; i < list.size(); ++i) {
    std::string at = "services[" + std::to_string(i) + "]";
    auto f = Fields(list[i], at, {"name", "binary", "grants", "heapPages"});
    std::string name = String(Required(f, at, "name"), at + ".name");
    CheckName(name, at + ".name", abi::kProcNameMax - 1, false);
    if (i == 0 && name != "init") Fail(at + ".name", "the first service must be \"init\"");
    if (auto [it, fresh] = names.emplace(name, i); !fresh) {
      Fail(at + ".name",
           Quote(name) + " is already the name of services[" + std::to_string(it->second) + "]");
    }
    std::string binary = String(Required(f, at, "binary"), at + ".binary");
    CheckName(binary, at + ".binary", abi::kBootPkgNameMax - 1, false);
    svcs[i].setName(name);
    svcs[i].setBinary(binary);
    svcs[i].setHeapPages(static_cast<uint32_t>(
        Integer(Required(f, at, "heapPages"), at + ".heapPages", 16, abi::kHeapMaxPages)));
    auto grants = f.find("grants");
    if (grants != f.end()) {
      CompileGrants(grants->second, at + ".grants", svcs[i], &ports, &ctx);
    } else {
      svcs[i].initGrants(0);
    }
  }
  // init reads the manifest through its BootPackage cap and starts the rest
  // through its ProcessSpawner; without them the other services never run.
  if (list.size() > 1) {
    for (auto [kind, what] :
         {std::pair{BootManifest::CapKind::BOOT_PACKAGE, "bootPackage"},
          std::pair{BootManifest::CapKind::PROCESS_SPAWNER, "processSpawner"}}) {
      if (!HasKind(svcs[0], kind)) {
        Fail("services[0].grants", std::string("init needs a ") + what + " grant to start the " +
                                       std::to_string(list.size() - 1) + " other services");
      }
    }
  }
  // The kernel makes these for the services granted them and gives them to
  // init only to pass on, so init holding one itself is a refused boot.
  for (auto [kind, what] :
       {std::pair{BootManifest::CapKind::TCP_LISTEN_AUTHORITY, "tcpListenAuthority"},
        std::pair{BootManifest::CapKind::BOOT_RESOURCE, "bootResource"}}) {
    if (HasKind(svcs[0], kind)) {
      Fail("services[0].grants",
           std::string("init cannot be granted a ") + what + " (it only passes them on)");
    }
  }
  auto opts = out.initOptions();
  auto o = top.find("options");
  if (o != top.end()) {
    auto of = Fields(o->second, "options", {"exitWhenIdle", "staticAddress"});
    auto idle = of.find("exitWhenIdle");
    if (idle != of.end()) {
      if (idle->second.which() != JsonValue::BOOLEAN) {
        Fail("options.exitWhenIdle", "must be a boolean");
      }
      opts.setExitWhenIdle(idle->second.getBoolean());
    }
    auto fixed = of.find("staticAddress");
    if (fixed != of.end()) {
      if (fixed->second.which() != JsonValue::BOOLEAN) {
        Fail("options.staticAddress", "must be a boolean");
      }
      opts.setStaticAddress(fixed->second.getBoolean());
    }
  }
}

}  // namespace

bool Compile(std::string_view json, std::vector<uint8_t>* out, std::string* error,
             const InterfaceTable& interfaces) {
  out->clear();
  capnp::MallocMessageBuilder scratch;
  auto root = scratch.initRoot<JsonValue>();
  capnp::JsonCodec codec;
  KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                 codec.decodeRaw(kj::ArrayPtr<const char>(json.data(), json.size()), root);
               })) {
    *error = "$: invalid JSON: " + std::string(e->getDescription().cStr());
    return false;
  }
  capnp::MallocMessageBuilder message;
  try {
    CompileManifest(root.asReader(), message.initRoot<BootManifest>(), interfaces);
  } catch (const CompileError& e) {
    *error = e.message;
    return false;
  }
  auto words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  out->assign(bytes.begin(), bytes.end());
  return true;
}

}  // namespace capos::manifest
