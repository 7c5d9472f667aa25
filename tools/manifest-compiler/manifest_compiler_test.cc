#include "tools/manifest-compiler/manifest_compiler.h"

#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <string>

#include "schema/boot_manifest.capnp.h"

namespace capos::manifest {
namespace {

using schema::BootManifest;

constexpr const char* kGood = R"({
  "services": [
    {"name": "init", "binary": "init", "heapPages": 256, "grants": [
      {"name": "console", "kind": "console"},
      {"name": "bootPackage", "kind": "bootPackage"},
      {"name": "processSpawner", "kind": "processSpawner"}]},
    {"name": "gateway", "binary": "gateway", "heapPages": 1024, "grants": [
      {"name": "listen", "kind": "tcpListenAuthority", "port": 2327},
      {"name": "timer", "kind": "timer"}]}
  ],
  "options": {"exitWhenIdle": true}
})";

// Compiles a manifest expected to be rejected and returns the error.
std::string Error(const std::string& json) {
  std::vector<uint8_t> out;
  std::string error;
  EXPECT_FALSE(Compile(json, &out, &error)) << json;
  EXPECT_TRUE(out.empty());
  return error;
}

// kGood with its text `from` replaced by `to` (which must occur).
std::string Good(const std::string& from = "", const std::string& to = "") {
  std::string s = kGood;
  if (from.empty()) return s;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(ManifestCompiler, GoodManifestRoundTrips) {
  std::vector<uint8_t> out;
  std::string error;
  ASSERT_TRUE(Compile(kGood, &out, &error)) << error;
  ASSERT_EQ(out.size() % sizeof(capnp::word), 0u);
  kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(out.data()),
                                        out.size() / sizeof(capnp::word));
  capnp::FlatArrayMessageReader reader(words);
  auto m = reader.getRoot<BootManifest>();
  ASSERT_EQ(m.getServices().size(), 2u);
  auto init = m.getServices()[0];
  EXPECT_EQ(init.getName(), "init");
  EXPECT_EQ(init.getBinary(), "init");
  EXPECT_EQ(init.getHeapPages(), 256u);
  ASSERT_EQ(init.getGrants().size(), 3u);
  EXPECT_EQ(init.getGrants()[2].getName(), "processSpawner");
  EXPECT_EQ(init.getGrants()[2].getKind(), BootManifest::CapKind::PROCESS_SPAWNER);
  auto gw = m.getServices()[1];
  EXPECT_EQ(gw.getHeapPages(), 1024u);
  EXPECT_EQ(gw.getGrants()[0].getKind(), BootManifest::CapKind::TCP_LISTEN_AUTHORITY);
  EXPECT_EQ(gw.getGrants()[0].getPort(), 2327u);
  EXPECT_EQ(gw.getGrants()[1].getKind(), BootManifest::CapKind::TIMER);
  EXPECT_EQ(gw.getGrants()[1].getPort(), 0u);
  EXPECT_TRUE(m.getOptions().getExitWhenIdle());
}

TEST(ManifestCompiler, InitAloneNeedsNoSpawner) {
  std::vector<uint8_t> out;
  std::string error;
  EXPECT_TRUE(
      Compile(R"({"services":[{"name":"init","binary":"init","heapPages":16}]})", &out, &error))
      << error;
}

TEST(ManifestCompiler, RejectsMalformedJson) {
  EXPECT_NE(Error("{\"services\": [").find("$: invalid JSON"), std::string::npos);
  EXPECT_EQ(Error("[]"), "$: must be an object");
  EXPECT_EQ(Error("{}"), "$: missing field \"services\"");
  EXPECT_EQ(Error(R"({"services": {}})"), "services: must be an array");
  EXPECT_EQ(Error(R"({"services": []})"), "services: must list at least init");
  EXPECT_EQ(Error(Good("\"options\"", "\"optoins\"")), "$: unknown field \"optoins\"");
  EXPECT_EQ(Error(Good("\"options\"", "\"services\": [], \"options\"")),
            "$: duplicate field \"services\"");
}

TEST(ManifestCompiler, RejectsBadServices) {
  EXPECT_EQ(Error(Good("\"name\": \"init\"", "\"name\": \"boot\"")),
            "services[0].name: the first service must be \"init\"");
  EXPECT_EQ(Error(Good("\"name\": \"gateway\"", "\"name\": \"init\"")),
            "services[1].name: \"init\" is already the name of services[0]");
  EXPECT_EQ(Error(Good("\"name\": \"gateway\"", "\"name\": \"Gateway\"")),
            "services[1].name: \"Gateway\" must match [a-z][a-z0-9-]{0,30}");
  EXPECT_EQ(Error(Good("\"name\": \"gateway\"", "\"name\": \"" + std::string(32, 'g') + "\"")),
            "services[1].name: \"" + std::string(32, 'g') + "\" must match [a-z][a-z0-9-]{0,30}");
  EXPECT_EQ(Error(Good("\"binary\": \"gateway\"", "\"binary\": \"gate/way\"")),
            "services[1].binary: \"gate/way\" must match [a-z][a-z0-9-]{0,46}");
  EXPECT_EQ(Error(Good("\"binary\": \"gateway\",", "")), "services[1]: missing field \"binary\"");
  EXPECT_EQ(Error(Good("\"binary\": \"gateway\"", "\"binary\": 7")),
            "services[1].binary: must be a string");
  EXPECT_EQ(Error(Good("\"heapPages\": 1024", "\"heapPages\": 15")),
            "services[1].heapPages: 15 is outside [16, 16384]");
  EXPECT_EQ(Error(Good("\"heapPages\": 1024", "\"heapPages\": 1e400")),
            "services[1].heapPages: inf is outside [16, 16384]");
  EXPECT_EQ(Error(Good("\"heapPages\": 1024", "\"heapPages\": 16.5")),
            "services[1].heapPages: 16.5 is not an integer");
  EXPECT_EQ(Error(Good("\"heapPages\": 1024", "\"heapPages\": 1024, \"cpu\": 1")),
            "services[1]: unknown field \"cpu\"");
}

TEST(ManifestCompiler, RejectsBadGrants) {
  EXPECT_EQ(Error(Good("\"kind\": \"timer\"", "\"kind\": \"disk\"")),
            "services[1].grants[1].kind: unknown cap kind \"disk\"");
  EXPECT_EQ(Error(Good("\"name\": \"timer\"", "\"name\": \"listen\"")),
            "services[1].grants[1].name: \"listen\" is already granted by grants[0]");
  EXPECT_EQ(Error(Good("\"name\": \"timer\"", "\"name\": \"9timer\"")),
            "services[1].grants[1].name: \"9timer\" must match [a-z][a-zA-Z0-9-]{0,30}");
  EXPECT_EQ(Error(Good(", \"port\": 2327", "")),
            "services[1].grants[0]: a tcpListenAuthority grant needs a port");
  EXPECT_EQ(Error(Good("\"port\": 2327", "\"port\": 70000")),
            "services[1].grants[0].port: 70000 is outside [1, 65535]");
  EXPECT_EQ(Error(Good("\"port\": 2327", "\"port\": 0")),
            "services[1].grants[0].port: 0 is outside [1, 65535]");
  EXPECT_EQ(Error(Good("\"kind\": \"timer\"", "\"kind\": \"timer\", \"port\": 1")),
            "services[1].grants[1].port: only a tcpListenAuthority takes a port");
  EXPECT_EQ(Error(Good("\"grants\": [\n      {\"name\": \"listen\"",
                       "\"grants\": 3, \"x\": [{\"name\": \"listen\"")),
            "services[1]: unknown field \"x\"");
}

TEST(ManifestCompiler, RejectsCrossServiceConflicts) {
  EXPECT_EQ(Error(Good("{\"name\": \"console\", \"kind\": \"console\"}",
                       "{\"name\": \"web\", \"kind\": \"tcpListenAuthority\", \"port\": 2327}")),
            "services[1].grants[0].port: port 2327 is already granted by services[0].grants[0]");
  EXPECT_EQ(Error(Good("{\"name\": \"processSpawner\", \"kind\": \"processSpawner\"}",
                       "{\"name\": \"processSpawner\", \"kind\": \"timer\"}")),
            "services[0].grants: init needs a processSpawner grant to start the 1 other services");
  EXPECT_EQ(
      Error(Good("\"options\": {\"exitWhenIdle\": true}", "\"options\": {\"exitWhenIdle\": 1}")),
      "options.exitWhenIdle: must be a boolean");
}

// bootResource: the one blob it reads travels as Grant.resource; the field
// is required on it, refused on every other kind, and short enough for the
// kernel's "res-<resource>" cap name. init never holds one (nor a port).
constexpr const char* kBundle =
    R"({"name": "bundle", "kind": "bootResource", "resource": "ui-bundle"})";

TEST(ManifestCompiler, BootResourceCarriesItsResource) {
  std::vector<uint8_t> out;
  std::string error;
  ASSERT_TRUE(Compile(Good(R"({"name": "timer", "kind": "timer"})", kBundle), &out, &error))
      << error;
  kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(out.data()),
                                        out.size() / sizeof(capnp::word));
  capnp::FlatArrayMessageReader reader(words);
  auto gw = reader.getRoot<BootManifest>().getServices()[1].getGrants();
  EXPECT_EQ(gw[1].getName(), "bundle");
  EXPECT_EQ(gw[1].getKind(), BootManifest::CapKind::BOOT_RESOURCE);
  EXPECT_EQ(gw[1].getResource(), "ui-bundle");
  EXPECT_EQ(gw[1].getPort(), 0u);
  EXPECT_FALSE(gw[0].hasResource());
  // 27 bytes is the longest: "res-" + 27 fills a 31-byte CapSet name.
  std::string longest =
      R"({"name": "b", "kind": "bootResource", "resource": ")" + std::string(27, 'r') + R"("})";
  EXPECT_TRUE(Compile(Good(R"({"name": "timer", "kind": "timer"})", longest), &out, &error))
      << error;
}

TEST(ManifestCompiler, RejectsBadBootResources) {
  const std::string timer = R"({"name": "timer", "kind": "timer"})";
  auto with = [&](const std::string& resource) {
    return Good(timer,
                R"({"name": "bundle", "kind": "bootResource", "resource": )" + resource + "}");
  };
  EXPECT_EQ(Error(Good("\"kind\": \"timer\"", "\"kind\": \"bootResource\"")),
            "services[1].grants[1]: a bootResource grant needs a resource");
  EXPECT_EQ(Error(Good("\"kind\": \"timer\"", "\"kind\": \"timer\", \"resource\": \"ui-bundle\"")),
            "services[1].grants[1].resource: only a bootResource takes a resource");
  EXPECT_EQ(Error(Good(", \"port\": 2327", ", \"port\": 2327, \"resource\": \"ui-bundle\"")),
            "services[1].grants[0].resource: only a bootResource takes a resource");
  std::string r28(28, 'r');
  EXPECT_EQ(Error(with("\"" + r28 + "\"")), "services[1].grants[1].resource: \"" + r28 +
                                                "\" is longer than 27 bytes: the cap \"res-" + r28 +
                                                "\" would not fit a CapSet name");
  EXPECT_EQ(Error(with("\"ui/bundle\"")),
            "services[1].grants[1].resource: \"ui/bundle\" must match [a-z][a-z0-9-]{0,26}");
  EXPECT_EQ(Error(with("\"UI\"")),
            "services[1].grants[1].resource: \"UI\" must match [a-z][a-z0-9-]{0,26}");
  EXPECT_EQ(Error(with("\"\"")),
            "services[1].grants[1].resource: \"\" must match [a-z][a-z0-9-]{0,26}");
  EXPECT_EQ(Error(with("7")), "services[1].grants[1].resource: must be a string");
  EXPECT_EQ(Error(Good(R"({"name": "console", "kind": "console"})", kBundle)),
            "services[0].grants: init cannot be granted a bootResource (it only passes them on)");
  EXPECT_EQ(Error(Good(R"({"name": "console", "kind": "console"})",
                       R"({"name": "web", "kind": "tcpListenAuthority", "port": 80})")),
            "services[0].grants: init cannot be granted a tcpListenAuthority (it only passes "
            "them on)");
}

// Endpoints: interface names resolve through the schema table; grants name
// an endpoint and a facet; one owner per endpoint.
constexpr const char* kWithEndpoint = R"({
  "endpoints": [{"name": "chat", "interface": "Chat", "disclose": true}],
  "services": [
    {"name": "init", "binary": "init", "heapPages": 256, "grants": [
      {"name": "bootPackage", "kind": "bootPackage"},
      {"name": "processSpawner", "kind": "processSpawner"},
      {"name": "endpointFactory", "kind": "endpointFactory"}]},
    {"name": "chat-server", "binary": "chat-server", "heapPages": 256, "grants": [
      {"name": "chat", "kind": "endpoint", "endpoint": "chat", "facet": "owner"}]},
    {"name": "worker", "binary": "worker", "heapPages": 256, "grants": [
      {"name": "chat", "kind": "endpoint", "endpoint": "chat"}]}
  ]
})";

std::string EndpointError(const std::string& from, const std::string& to,
                          const InterfaceTable& table) {
  std::string s = kWithEndpoint;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
  std::vector<uint8_t> out;
  std::string error;
  EXPECT_FALSE(Compile(s, &out, &error, table)) << s;
  return error;
}

TEST(ManifestCompiler, EndpointsResolveInterfacesAndFacets) {
  InterfaceTable table{{"Chat", 0xabcdef0123456789ull}};
  std::vector<uint8_t> out;
  std::string error;
  ASSERT_TRUE(Compile(kWithEndpoint, &out, &error, table)) << error;
  kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(out.data()),
                                        out.size() / sizeof(capnp::word));
  capnp::FlatArrayMessageReader reader(words);
  auto m = reader.getRoot<BootManifest>();
  ASSERT_EQ(m.getEndpoints().size(), 1u);
  EXPECT_EQ(m.getEndpoints()[0].getInterfaceId(), 0xabcdef0123456789ull);
  EXPECT_TRUE(m.getEndpoints()[0].getDisclose());
  auto owner = m.getServices()[1].getGrants()[0];
  EXPECT_EQ(owner.getKind(), BootManifest::CapKind::ENDPOINT);
  EXPECT_EQ(owner.getFacet(), BootManifest::Facet::OWNER);
  EXPECT_EQ(m.getServices()[2].getGrants()[0].getFacet(), BootManifest::Facet::CLIENT);
}

TEST(ManifestCompiler, EndpointErrors) {
  InterfaceTable table{{"Chat", 1}, {"Twice", 0}};
  EXPECT_EQ(EndpointError("\"Chat\"", "\"Nope\"", table),
            "endpoints[0].interface: unknown interface \"Nope\"");
  EXPECT_EQ(EndpointError("\"Chat\"", "\"Twice\"", table),
            "endpoints[0].interface: interface \"Twice\" is defined twice in schema/");
  EXPECT_EQ(EndpointError("\"endpoint\": \"chat\"}", "\"endpoint\": \"chut\"}", table),
            "services[2].grants[0].endpoint: no endpoint named \"chut\"");
  EXPECT_EQ(EndpointError("\"endpoint\": \"chat\"}",
                          "\"endpoint\": \"chat\", \"facet\": \"owner\"}", table),
            "services[2].grants[0].facet: endpoint \"chat\" is already served by "
            "services[1].grants[0]");
  EXPECT_EQ(
      EndpointError(
          "{\"name\": \"bootPackage\", \"kind\": \"bootPackage\"}",
          "{\"name\": \"bootPackage\", \"kind\": \"bootPackage\", \"endpoint\": \"chat\"}", table),
      "services[0].grants[0]: only an endpoint grant names an endpoint and a facet");
}

// Launcher profiles: maxInstances reaches the BootManifest (absent is 0,
// no limit) and is bounded like the CUE schema's.
constexpr const char* kWithProfiles = R"({
  "services": [{"name": "init", "binary": "init", "heapPages": 16}],
  "launcherProfiles": [
    {"name": "limited", "binaries": ["worker"], "grants": [{"name": "console", "interface": "Console"}],
     "heapPages": 64, "maxInstances": 3},
    {"name": "open", "binaries": ["worker"], "grants": []}
  ]
})";

TEST(ManifestCompiler, LauncherProfilesCarryMaxInstances) {
  InterfaceTable table{{"Console", 0xd3b0a8d1c5c6e701ull}};
  std::vector<uint8_t> out;
  std::string error;
  ASSERT_TRUE(Compile(kWithProfiles, &out, &error, table)) << error;
  kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(out.data()),
                                        out.size() / sizeof(capnp::word));
  capnp::FlatArrayMessageReader reader(words);
  auto profiles = reader.getRoot<BootManifest>().getLauncherProfiles();
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].getMaxInstances(), 3u);
  EXPECT_EQ(profiles[0].getHeapPages(), 64u);
  EXPECT_EQ(profiles[1].getMaxInstances(), 0u);
  EXPECT_EQ(profiles[1].getHeapPages(), 256u);
}

TEST(ManifestCompiler, RejectsBadMaxInstances) {
  InterfaceTable table{{"Console", 1}};
  auto error = [&](const std::string& to) {
    const std::string from = "\"maxInstances\": 3";
    std::string s = kWithProfiles;
    s.replace(s.find(from), from.size(), to);
    std::vector<uint8_t> out;
    std::string e;
    EXPECT_FALSE(Compile(s, &out, &e, table)) << s;
    return e;
  };
  EXPECT_EQ(error("\"maxInstances\": 65"),
            "launcherProfiles[0].maxInstances: 65 is outside [0, 64]");
  EXPECT_EQ(error("\"maxInstances\": -1"),
            "launcherProfiles[0].maxInstances: -1 is outside [0, 64]");
  EXPECT_EQ(error("\"maxInstances\": 2.5"),
            "launcherProfiles[0].maxInstances: 2.5 is not an integer");
  EXPECT_EQ(error("\"maxInstances\": \"3\""), "launcherProfiles[0].maxInstances: must be a number");
}

TEST(ManifestCompiler, LoadsInterfacesFromTheSchemas) {
  InterfaceTable table;
  std::string error;
  ASSERT_TRUE(LoadInterfaces(CAPOS_SCHEMA_DIR, &table, &error)) << error;
  EXPECT_EQ(table.at("Console"), 0xd3b0a8d1c5c6e701ull);
  EXPECT_EQ(table.at("ProcessSpawner"), 0xd3b0a8d1c5c6e704ull);
  // remote_rpc.capnp's Chat (the network surface) never shadows the
  // endpoint interface a manifest names.
  EXPECT_EQ(table.at("Chat"), 0xc5164bef98ecf572ull);
  EXPECT_EQ(table.count("Gateway"), 0u);
}
}  // namespace
}  // namespace capos::manifest
