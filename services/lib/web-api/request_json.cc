#include "services/lib/web-api/request_json.h"

#include <string.h>

#include "services/lib/json/json_body.h"
#include "services/lib/web-api/json_fields.h"
#include "services/lib/web-api/request_json_parts.h"

namespace web_api {
namespace {

using remote_session::CallMethod;
using remote_session::LoginKind;
using remote_session::Request;
using remote_session::RequestKind;
using St = RequestJsonStatus;
using request_parts::Count;

// Member names in schema order; each union's members follow its struct's
// plain fields, in the order of the matching remote_session enum.
constexpr const char* kRequestKeys[] = {
    "requestId",     "authMethods",   "login",       "sessionInfo",      "capSetList",
    "capSetGet",     "call",          "logout",      "exportTranscript", "serviceCatalog",
    "serviceLaunch", "serviceStatus", "serviceStop", "sessionResume"};
constexpr const char* kLoginKeys[] = {"requestedProfile", "password", "guest",  "anonymous",
                                      "publicKey",        "oidc",     "passkey"};
constexpr const char* kProofKeys[] = {"principal", "password"};
constexpr const char* kCapSetGetKeys[] = {"name", "interfaceId"};
constexpr const char* kCallKeys[] = {
    "capName",       "interfaceId",    "sessionInfo",  "systemMotd",     "systemBuildInfo",
    "chatJoin",      "chatLeave",      "chatSend",     "chatWho",        "chatPoll",
    "adventure",     "paperclips",     "terminalOpen", "terminalAttach", "terminalList",
    "terminalWrite", "terminalResize", "terminalRead", "terminalInfo",   "terminalDetach",
    "terminalClose"};
constexpr const char* kCommandKeys[] = {"verb", "args"};
constexpr const char* kLaunchKeys[] = {"profile", "binary", "grants"};
constexpr const char* kGrantKeys[] = {"name", "interfaceId"};

static_assert(Count(kRequestKeys) == 1 + uint32_t(RequestKind::kSessionResume) + 1);
static_assert(Count(kLoginKeys) == 1 + uint32_t(LoginKind::kPasskey) + 1);
static_assert(Count(kCallKeys) == 2 + remote_session::kCallMethodCount);
// Object() refuses a longer name table (a decoder bug) as an unknown key.
static_assert(Count(kCallKeys) <= FieldReader::kMaxKeys);

void ReadLogin(FieldReader& f, const cJSON* v, Request* out) {
  const cJSON* m[Count(kLoginKeys)];
  if (!f.Object(v, kLoginKeys, Count(kLoginKeys), m)) return;
  f.Text(m[0], &out->profile);
  int which = f.Union(m, 1, Count(kLoginKeys) - 1);
  if (which < 0) return;
  out->login = LoginKind(which);
  const cJSON* member = m[1 + which];
  switch (out->login) {
    case LoginKind::kPassword: {
      const cJSON* p[Count(kProofKeys)];
      if (!f.Object(member, kProofKeys, Count(kProofKeys), p)) return;
      f.Text(p[0], &out->principal);
      f.Text(p[1], &out->password);
      return;
    }
    case LoginKind::kGuest:
    case LoginKind::kAnonymous:
      f.Void(member);
      return;
    case LoginKind::kPublicKey:
    case LoginKind::kPasskey:
      f.Data(member);  // disabled methods: checked for shape, not kept
      return;
    case LoginKind::kOidc:
      f.AnyText(member);
      return;
  }
}

void ReadCommand(FieldReader& f, const cJSON* v, Request* out) {
  const cJSON* m[Count(kCommandKeys)];
  if (!f.Object(v, kCommandKeys, Count(kCommandKeys), m)) return;
  f.Text(m[0], &out->verb);
  uint32_t n = 0;
  if (!f.List(m[1], remote_session::kMaxArgs, &n)) return;
  const cJSON* arg = m[1] != nullptr ? m[1]->child : nullptr;
  for (uint32_t i = 0; i < n; ++i, arg = arg->next) f.Text(arg, &out->args[i]);
  out->arg_count = n;
}

void ReadCall(FieldReader& f, const cJSON* v, Request* out) {
  const cJSON* m[Count(kCallKeys)];
  if (!f.Object(v, kCallKeys, Count(kCallKeys), m)) return;
  f.Text(m[0], &out->cap_name);
  f.U64(m[1], &out->interface_id);
  int which = f.Union(m, 2, Count(kCallKeys) - 2);
  if (which < 0) return;
  out->method = CallMethod(which);
  const cJSON* member = m[2 + which];
  if (remote_session::IsTerminalMethod(out->method)) {
    request_parts::ReadTerminalCall(f, member, out);
    return;
  }
  switch (out->method) {
    case CallMethod::kChatSend:
      f.Text(member, &out->chat_text);
      return;
    case CallMethod::kChatPoll:
      f.U64(member, &out->since_seq);
      return;
    case CallMethod::kAdventure:
    case CallMethod::kPaperclips:
      ReadCommand(f, member, out);
      return;
    default:
      f.Void(member);
      return;
  }
}

void ReadLaunch(FieldReader& f, const cJSON* v, Request* out) {
  const cJSON* m[Count(kLaunchKeys)];
  if (!f.Object(v, kLaunchKeys, Count(kLaunchKeys), m)) return;
  f.Text(m[0], &out->service);
  f.Text(m[1], &out->binary);
  uint32_t n = 0;
  if (!f.List(m[2], remote_session::kMaxServiceGrants, &n)) return;
  const cJSON* grant = m[2] != nullptr ? m[2]->child : nullptr;
  for (uint32_t i = 0; i < n; ++i, grant = grant->next) {
    const cJSON* g[Count(kGrantKeys)];
    if (!f.Object(grant, kGrantKeys, Count(kGrantKeys), g)) return;
    uint32_t len = 0;
    f.Text(g[0], remote_session::kMaxServiceNameBytes, out->grants[i].name, &len);
    f.U64(g[1], &out->grants[i].interface_id);
  }
  out->grant_count = n;
}

void ReadRequest(FieldReader& f, const cJSON* root, Request* out) {
  const cJSON* m[Count(kRequestKeys)];
  if (!f.Object(root, kRequestKeys, Count(kRequestKeys), m)) return;
  f.U32(m[0], &out->request_id);
  int which = f.Union(m, 1, Count(kRequestKeys) - 1);
  if (which < 0) return;
  out->kind = RequestKind(which);
  const cJSON* member = m[1 + which];
  switch (out->kind) {
    case RequestKind::kLogin:
      ReadLogin(f, member, out);
      return;
    case RequestKind::kCapSetGet: {
      const cJSON* g[Count(kCapSetGetKeys)];
      if (!f.Object(member, kCapSetGetKeys, Count(kCapSetGetKeys), g)) return;
      f.Text(g[0], &out->cap_name);
      f.U64(g[1], &out->interface_id);
      return;
    }
    case RequestKind::kCall:
      ReadCall(f, member, out);
      return;
    case RequestKind::kServiceLaunch:
      ReadLaunch(f, member, out);
      return;
    case RequestKind::kServiceStatus:
    case RequestKind::kServiceStop:
      f.Text(member, &out->service);
      return;
    case RequestKind::kSessionResume:
      request_parts::ReadResumeTicket(f, member, out);
      return;
    default:
      f.Void(member);
      return;
  }
}

// The id a refusal echoes: the first "requestId" member, if a valid UInt32,
// whatever else is wrong with the body.
uint32_t ReadableId(const cJSON* root) {
  if (!cJSON_IsObject(root)) return 0;
  FieldReader f;
  uint32_t id = 0;
  f.U32(cJSON_GetObjectItemCaseSensitive(root, "requestId"), &id);
  return f.ok() ? id : 0;
}

RequestJsonStatus FromJsonError(json::Error e) {
  switch (e) {
    case json::Error::kTooLarge:
      return St::kTooLarge;
    case json::Error::kTooDeep:
      return St::kTooDeep;
    case json::Error::kOutOfMemory:
      return St::kOutOfMemory;
    default:
      return St::kSyntax;
  }
}

}  // namespace

const char* RequestJsonStatusName(RequestJsonStatus s) {
  static const char* const kNames[] = {
      "ok",          "too-large",     "too-deep",        "out-of-memory",     "syntax",
      "unknown-key", "duplicate-key", "no-union-member", "two-union-members", "wrong-type",
      "bad-integer", "too-long",      "too-many"};
  uint8_t i = uint8_t(s);
  return i < sizeof(kNames) / sizeof(kNames[0]) ? kNames[i] : "unknown";
}

RequestJsonStatus DecodeRequestJson(const char* body, size_t len, Request* out) {
  *out = Request();
  json::Limits limits;
  limits.max_bytes = kMaxRequestJsonBytes;
  limits.max_depth = kMaxRequestJsonDepth;
  limits.max_alloc_bytes = kMaxRequestJsonAllocBytes;
  json::Document doc;
  json::Error e = doc.Parse(body, len, limits);
  if (e != json::Error::kNone) return FromJsonError(e);
  FieldReader f;
  ReadRequest(f, doc.root(), out);
  uint32_t id = ReadableId(doc.root());
  // The tree is ours (Document hands it out const only to keep callers
  // from editing it); its strings hold the password until overwritten.
  WipeStrings(const_cast<cJSON*>(doc.root()));
  doc.Clear();
  if (f.ok()) return St::kOk;
  out->Wipe();
  *out = Request();
  out->request_id = id;
  return f.status();
}

}  // namespace web_api
