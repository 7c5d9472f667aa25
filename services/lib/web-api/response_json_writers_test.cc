// RenderResponseJson over what FakeBackend cannot reach: the core's writers
// called directly (Paperclips, a full catalog, every enumerant), messages
// built by hand (null members, values from a newer schema), escaping, and
// input that is not a Response.
#include <cJSON.h>
#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>
#include <string.h>

#include <functional>
#include <string>
#include <vector>

#include "schema/paperclips.capnp.h"
#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/web-api/response_json.h"
#include "services/lib/web-api/response_json_test_util.h"

namespace web_api {
namespace {

using namespace remote_session;
namespace s = capos::schema;

struct Writer {
  std::vector<uint8_t> out = std::vector<uint8_t>(kMaxResponseFrameBytes);
  Frame f{out.data(), out.size(), kDefaultMaxFrameBytes};
};

void AddMessage(Frames& frames, const std::function<void(s::Response::Builder)>& fill) {
  capnp::MallocMessageBuilder m;
  fill(m.initRoot<s::Response>());
  auto words = capnp::messageToFlatArray(m);
  auto bytes = words.asBytes();
  std::vector<uint8_t> frame(4 + bytes.size());
  uint32_t n = uint32_t(bytes.size());
  memcpy(frame.data(), &n, 4);
  memcpy(frame.data() + 4, bytes.begin(), bytes.size());
  frames.Add(frame.data(), frame.size());
}

std::vector<uint8_t> PaperclipsResults() {
  capnp::MallocMessageBuilder m;
  auto v = m.initRoot<s::Paperclips::StatusResults>().initView();
  v.setOutcome(s::Paperclips::Outcome::INSUFFICIENT_FUNDS);
  v.setMessage("Not enough funds.");
  v.setClips(18446744073709551615ull);
  v.setUnsold(3);
  v.setWire(1000);
  v.setFundsCents(9007199254740993ull);
  v.setPriceCents(25);
  v.setDemandPercent(4294967295u);
  v.setAutoclippers(2);
  v.setAutoclipperCostCents(500);
  v.setWireCostCents(1400);
  v.setTicks(77);
  auto cmds = v.initCommands(2);
  cmds[0].setName("make");
  cmds[0].setEnabled(true);
  cmds[0].setReason("");
  cmds[1].setName("buyAutoclipper");
  cmds[1].setReason("needs $5.00");
  auto projects = v.initProjects(1);
  projects[0].setId("creativity");
  projects[0].setTitle("Creativity");
  projects[0].setEffect("unlocks \"art\"");
  projects[0].setCostCents(10000);
  projects[0].setAvailable(true);
  projects[0].setDone(false);
  auto words = capnp::messageToFlatArray(m);
  return std::vector<uint8_t>(words.asBytes().begin(), words.asBytes().end());
}

ServiceInfo FullService(ServiceState state, LaunchDenial unavailable) {
  ServiceInfo si;
  strcpy(si.name, "paperclips");
  strcpy(si.description, "a clip factory \xe2\x80\x94 shared table");
  strcpy(si.worker_binary, "paperclips-worker");
  si.companion_count = 2;
  strcpy(si.companions[0].binary, "paperclips-server");
  si.companions[0].count = 1;
  si.companions[0].shared = true;
  strcpy(si.companions[1].binary, "paperclips-npc");
  si.companions[1].count = 3;
  si.grant_count = 3;
  for (uint32_t i = 0; i < 3; ++i) {
    snprintf(si.grants[i].name, sizeof(si.grants[i].name), "grant%u", i);
    strcpy(si.grants[i].interface_name, "Paperclips");
    si.grants[i].interface_id = 0x8000000000000000ull + i;
    si.grants[i].holder = GrantHolder(i);
    si.grants[i].move = i == 1;
  }
  si.export_count = 2;
  strcpy(si.exports[0].name, "paperclips");
  si.exports[0].kind = CapKind::kPaperclips;
  si.exports[0].interface_id = 42;
  strcpy(si.exports[1].name, "adventure");
  si.exports[1].kind = CapKind::kAdventure;
  si.per_session_limit = 2;
  si.system_limit = 16;
  si.state = state;
  si.unavailable = unavailable;
  si.processes = 4;
  return si;
}

TEST(ResponseJsonWriters, DirectWritersMatchCapnpConvert) {
  Frames frames;
  Writer w;
  std::vector<uint8_t> clips = PaperclipsResults();
  bool bad = true;
  frames.Add(w.out.data(),
             WriteServiceResult(w.f, 3, CapKind::kPaperclips, clips.data(), clips.size(), &bad));
  EXPECT_FALSE(bad);
  for (uint32_t c = 0; c <= uint32_t(ErrorCode::kLaunchDenied); ++c)
    frames.Add(w.out.data(), WriteDenied(w.f, c, ErrorCode(c)));
  for (uint32_t d = 0; d <= uint32_t(LaunchDenial::kNotRunning); ++d)
    frames.Add(w.out.data(), WriteLaunchDenied(w.f, d, LaunchDenial(d)));
  ServiceCatalogView catalog;
  catalog.count = 4;
  for (uint32_t i = 0; i < 4; ++i)
    catalog.services[i] = FullService(ServiceState(i), LaunchDenial(i * 3));
  frames.Add(w.out.data(), WriteServiceCatalog(w.f, 5, catalog));
  for (uint32_t st = 0; st <= uint32_t(ServiceState::kStopping); ++st)
    frames.Add(w.out.data(), WriteServiceState(w.f, 6, FullService(ServiceState(st), {})));
  frames.Add(w.out.data(), WriteCallText(w.f, 7, "", 0));
  // Every cap kind's descriptors with every right: all three ParamTypes.
  for (uint32_t k = 0; k <= uint32_t(CapKind::kPaperclips); ++k) {
    BundleEntry e;
    snprintf(e.name, sizeof(e.name), "cap%u", k);
    e.kind = CapKind(k);
    e.interface_id = 0xffffffffffffffffull - k;
    e.rights = kRightRead | kRightWrite | kRightControl;
    frames.Add(w.out.data(), WriteCapSetEntry(w.f, 8, e));
  }
  ExpectAllMatch(frames);
  std::string all;
  for (const auto& p : frames.payloads) all += Render(p);
  for (const char* type : {"text", "uint", "enum"})
    EXPECT_NE(all.find(std::string("\"type\":\"") + type + "\""), std::string::npos) << type;
}

// JsonCodec's treatment of what the core never writes, mirrored.
TEST(ResponseJsonWriters, NullMembersAndNewerEnumerantsAsJsonCodec) {
  Frames frames;
  AddMessage(frames, [](s::Response::Builder r) { r.setRequestId(1); });  // denied, unset
  AddMessage(frames, [](s::Response::Builder r) { r.initDenied(); });     // message unset
  AddMessage(frames, [](s::Response::Builder r) {
    r.initCallResult();
    r.disownCallResult();  // the member stays active, its pointer null
  });
  AddMessage(frames, [](s::Response::Builder r) {
    r.initCapSet(1);
    r.disownCapSet();
  });
  AddMessage(frames, [](s::Response::Builder r) { r.initCallResult(); });  // session, unset
  AddMessage(frames, [](s::Response::Builder r) {
    r.initCallResult().initChatMembers(1);
    r.getCallResult().disownChatMembers();
  });
  AddMessage(frames, [](s::Response::Builder r) {
    auto d = r.initDenied();
    d.setCode(s::ErrorCode(99));
    d.setLaunch(s::LaunchDenial(65535));
  });
  AddMessage(frames, [](s::Response::Builder r) {
    auto e = r.initCapSetEntry();  // no lease, lists unset, a null list element
    e.initMethods(2).set(0, "a");
    auto p = e.initDescriptors(1)[0].initParams(1);
    p[0].setType(s::ParamType(7));
  });
  AddMessage(frames, [](s::Response::Builder r) {
    auto e = r.initServiceCatalog(1)[0];
    e.initGrants(1)[0].setHolder(s::GrantHolder(3));
    e.setState(s::ServiceState(4));
  });
  AddMessage(frames, [](s::Response::Builder r) { r.initCallResult().initAdventure(); });
  AddMessage(frames, [](s::Response::Builder r) { r.initCallResult().initPaperclips(); });
  AddMessage(frames, [](s::Response::Builder r) { r.initCallResult().initChatMessages(); });
  AddMessage(frames, [](s::Response::Builder r) { r.initServiceState(); });
  ExpectAllMatch(frames);
}

TEST(ResponseJsonWriters, EscapesLikeJsonCodec) {
  Writer w;
  const char text[] =
      "q\" b\\ n\n r\r t\t b\b f\f \x01\x1f\x7f / \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  Frames frames;
  frames.Add(w.out.data(), WriteCallText(w.f, 1, text, sizeof(text) - 1));
  ExpectAllMatch(frames);
  EXPECT_EQ(Render(frames.payloads[0]),
            "{\"requestId\":1,\"callResult\":{\"text\":\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f "
            "\\u0001\\u001f\x7f / \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}}");
}

// Unicode 15, section 3.9 (U+FFFD substitution of maximal subparts).
TEST(ResponseJsonWriters, IllFormedUtf8BecomesReplacementCharacters) {
  Writer w;
  const char bytes[] =
      "a\xf1\x80\x80\xe1\x80\xc2"
      "b\x80"
      "c\x80\xbf"
      "d\xed\xa0\x80\xc0\xaf\xf4\x90";
  Frames frames;
  frames.Add(w.out.data(), WriteCallText(w.f, 1, bytes, sizeof(bytes) - 1));
  std::string got = Render(frames.payloads[0]);
  const std::string r = "\xef\xbf\xbd";
  EXPECT_EQ(got, "{\"requestId\":1,\"callResult\":{\"text\":\"a" + r + r + r + "b" + r + "c" + r +
                     r + "d" + r + r + r + r + r + r + r + "\"}}");
  cJSON* parsed = cJSON_Parse(got.c_str());
  ASSERT_NE(parsed, nullptr);
  cJSON_Delete(parsed);
}

TEST(ResponseJsonWriters, NotAResponseRendersNothing) {
  char out[256];
  const uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  EXPECT_EQ(RenderResponseJson(junk, sizeof(junk), out, sizeof(out)), 0u);
  EXPECT_EQ(RenderResponseJson(nullptr, 0, out, sizeof(out)), 0u);
  Writer w;
  size_t n = WriteLoggedOut(w.f, 9);
  EXPECT_EQ(RenderResponseFrameJson(w.out.data(), n, out, sizeof(out)), 32u);
  EXPECT_STREQ(out, "{\"requestId\":9,\"loggedOut\":null}");
  EXPECT_EQ(RenderResponseFrameJson(w.out.data(), n - 1, out, sizeof(out)), 0u);  // prefix
  EXPECT_EQ(RenderResponseFrameJson(w.out.data(), 3, out, sizeof(out)), 0u);
}

}  // namespace
}  // namespace web_api
