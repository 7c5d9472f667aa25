#include "services/lib/web-api/response_json.h"

#include "libcaprt/capnp_glue.h"
#include "services/lib/remote-session/frame_reader.h"
#include "services/lib/web-api/response_json_parts.h"

namespace web_api {

namespace parts {

const char* const kLaunchDenialNames[12] = {"none",         "unknownProfile", "disallowedBinary",
                                            "missingGrant", "wrongInterface", "unexpectedGrant",
                                            "staleSession", "notPermitted",   "sessionQuota",
                                            "systemQuota",  "spawnFailed",    "notRunning"};
static_assert(uint16_t(s::LaunchDenial::NOT_RUNNING) == 11);

void Text(JsonWriter& w, const char* key, bool has, capnp::Text::Reader t) {
  if (!has) return;
  w.Key(key);
  w.String(t.begin(), t.size());
}

void TextList(JsonWriter& w, const char* key, bool has, capnp::List<capnp::Text>::Reader l) {
  if (!has) return;
  w.Key(key);
  TextArray(w, l);
}

void TextArray(JsonWriter& w, capnp::List<capnp::Text>::Reader l) {
  w.BeginArray();
  for (auto t : l) {
    if (!w.ok()) break;
    w.String(t.begin(), t.size());  // a null element reads as ""
  }
  w.EndArray();
}

void Data(JsonWriter& w, const char* key, bool has, capnp::Data::Reader d) {
  if (!has) return;
  w.Key(key);
  w.BeginArray();
  for (uint8_t b : d) {
    if (!w.ok()) break;  // out of room: stop reading
    w.Uint(b);
  }
  w.EndArray();
}

void U32(JsonWriter& w, const char* key, uint32_t v) {
  w.Key(key);
  w.Uint(v);
}

void U64(JsonWriter& w, const char* key, uint64_t v) {
  w.Key(key);
  w.UintString(v);
}

void Bool(JsonWriter& w, const char* key, bool v) {
  w.Key(key);
  w.Bool(v);
}

void Enum(JsonWriter& w, const char* key, uint16_t raw, const char* const* names, uint32_t count) {
  w.Key(key);
  if (raw < count) {
    w.String(names[raw]);
  } else {
    w.Uint(raw);  // a value from a newer schema: JsonCodec writes the number
  }
}

void SessionView(JsonWriter& w, s::SessionView::Reader v) {
  Text(w, "principal", v.hasPrincipal(), v.getPrincipal());
  Text(w, "principalClass", v.hasPrincipalClass(), v.getPrincipalClass());
  Text(w, "profile", v.hasProfile(), v.getProfile());
  Text(w, "authMethod", v.hasAuthMethod(), v.getAuthMethod());
  Text(w, "sessionTag", v.hasSessionTag(), v.getSessionTag());
  Bool(w, "live", v.getLive());
  // A bearer secret, as the tool writes it; only front ends that resume
  // sessions (the gateway) set it, so web-ui's answers never carry one.
  Data(w, "resumeTicket", v.hasResumeTicket(), v.getResumeTicket());
}

}  // namespace parts

namespace {

using namespace parts;

constexpr const char* kErrorCodeNames[] = {
    "authDenied",       "disabledAuthMethod", "unknownCap",    "wrongInterface",
    "methodDenied",     "staleSession",       "boundExceeded", "malformedRequest",
    "notAuthenticated", "unavailable",        "loginTimeout",  "launchDenied"};
static_assert(sizeof(kErrorCodeNames) / sizeof(kErrorCodeNames[0]) ==
              uint16_t(s::ErrorCode::LAUNCH_DENIED) + 1);
constexpr const char* kParamTypeNames[] = {"text", "uint", "enum"};
static_assert(uint16_t(s::ParamType::ENUM) == 2);

void Denial(JsonWriter& w, s::RemoteDenial::Reader d) {
  Enum(w, "code", d.getCode(), kErrorCodeNames);
  Text(w, "message", d.hasMessage(), d.getMessage());
  Enum(w, "launch", d.getLaunch(), kLaunchDenialNames);
}

void AuthMethod(JsonWriter& w, s::AuthMethodInfo::Reader m) {
  Text(w, "name", m.hasName(), m.getName());
  Bool(w, "enabled", m.getEnabled());
  Text(w, "reason", m.hasReason(), m.getReason());
}

void Descriptor(JsonWriter& w, s::MethodDescriptor::Reader d) {
  Text(w, "name", d.hasName(), d.getName());
  Text(w, "summary", d.hasSummary(), d.getSummary());
  StructList(w, "params", d.hasParams(), d.getParams(), [&](s::ParamDescriptor::Reader p) {
    Text(w, "name", p.hasName(), p.getName());
    Enum(w, "type", p.getType(), kParamTypeNames);
    U64(w, "min", p.getMin());
    U64(w, "max", p.getMax());
    TextList(w, "values", p.hasValues(), p.getValues());
  });
}

void Entry(JsonWriter& w, s::CapSetEntry::Reader e) {
  Text(w, "name", e.hasName(), e.getName());
  U64(w, "interfaceId", e.getInterfaceId());
  Text(w, "interfaceName", e.hasInterfaceName(), e.getInterfaceName());
  Text(w, "policy", e.hasPolicy(), e.getPolicy());
  TextList(w, "methods", e.hasMethods(), e.getMethods());
  if (e.hasLease()) {
    w.Key("lease");
    w.BeginObject();
    Bool(w, "sessionBound", e.getLease().getSessionBound());
    U64(w, "expiresInMs", e.getLease().getExpiresInMs());
    w.EndObject();
  }
  StructList(w, "descriptors", e.hasDescriptors(), e.getDescriptors(),
             [&](s::MethodDescriptor::Reader d) { Descriptor(w, d); });
}

void Event(JsonWriter& w, s::TranscriptEvent::Reader e) {
  U32(w, "seq", e.getSeq());
  U64(w, "atMs", e.getAtMs());
  Text(w, "kind", e.hasKind(), e.getKind());
  Text(w, "detail", e.hasDetail(), e.getDetail());
  Text(w, "outcome", e.hasOutcome(), e.getOutcome());
}

void Response(JsonWriter& w, s::Response::Reader r) {
  using R = s::Response;
  w.BeginObject();
  U32(w, "requestId", r.getRequestId());
  switch (r.which()) {
    case R::DENIED:
      w.Key("denied");
      Object(w, r.getDenied(), Denial);
      break;
    case R::AUTH_METHODS:
      w.Key("authMethods");
      StructArray(w, r.getAuthMethods(), [&](s::AuthMethodInfo::Reader m) { AuthMethod(w, m); });
      break;
    case R::LOGGED_IN:
      w.Key("loggedIn");
      Object(w, r.getLoggedIn(), SessionView);
      break;
    case R::SESSION_INFO:
      w.Key("sessionInfo");
      Object(w, r.getSessionInfo(), SessionView);
      break;
    case R::CAP_SET:
      w.Key("capSet");
      StructArray(w, r.getCapSet(), [&](s::CapSetEntry::Reader e) { Entry(w, e); });
      break;
    case R::CAP_SET_ENTRY:
      w.Key("capSetEntry");
      Object(w, r.getCapSetEntry(), Entry);
      break;
    case R::CALL_RESULT:
      w.Key("callResult");
      Object(w, r.getCallResult(), CallResult);
      break;
    case R::LOGGED_OUT:
      w.Key("loggedOut");
      w.Null();
      break;
    case R::TRANSCRIPT:
      w.Key("transcript");
      StructArray(w, r.getTranscript(), [&](s::TranscriptEvent::Reader e) { Event(w, e); });
      break;
    case R::SERVICE_CATALOG:
      w.Key("serviceCatalog");
      StructArray(w, r.getServiceCatalog(), [&](s::ServiceEntry::Reader e) { ServiceEntry(w, e); });
      break;
    case R::SERVICE_STATE:
      w.Key("serviceState");
      Object(w, r.getServiceState(), ServiceStatus);
      break;
    default:
      break;  // a variant from a newer schema: JsonCodec writes no member either
  }
  w.EndObject();
}

}  // namespace

size_t RenderResponseJson(const uint8_t* payload, size_t len, char* out, size_t cap) {
  JsonWriter w(out, cap);
  caprt::DecodeResult d =
      caprt::Decode<s::Response>(payload, len, [&](s::Response::Reader r) { Response(w, r); });
  if (!d.ok()) return 0;
  return w.Finish();
}

size_t RenderResponseFrameJson(const uint8_t* frame, size_t frame_len, char* out, size_t cap) {
  using remote_session::kFrameHeaderBytes;
  if (frame == nullptr || frame_len < kFrameHeaderBytes) return 0;
  uint32_t n = uint32_t(frame[0]) | uint32_t(frame[1]) << 8 | uint32_t(frame[2]) << 16 |
               uint32_t(frame[3]) << 24;
  if (n != frame_len - kFrameHeaderBytes) return 0;
  return RenderResponseJson(frame + kFrameHeaderBytes, n, out, cap);
}

}  // namespace web_api
