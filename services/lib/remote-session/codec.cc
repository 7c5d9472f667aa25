#include "services/lib/remote-session/codec.h"

#include <capnp/message.h>
#include <string.h>

#include "libcaprt/capnp_glue.h"
#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/codec_internal.h"
#include "services/lib/remote-session/frame_reader.h"
#include "services/lib/remote-session/text.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

// Fills *out from a decoded root; false for an unknown union variant.
bool ReadLogin(s::Login::Reader l, Request* out) {
  CopyText(l.getRequestedProfile(), &out->profile);
  switch (l.which()) {
    case s::Login::PASSWORD: {
      out->login = LoginKind::kPassword;
      s::PasswordProof::Reader p = l.getPassword();
      CopyText(p.getPrincipal(), &out->principal);
      CopyText(p.getPassword(), &out->password);
      return true;
    }
    case s::Login::GUEST:
      out->login = LoginKind::kGuest;
      return true;
    case s::Login::ANONYMOUS:
      out->login = LoginKind::kAnonymous;
      return true;
    case s::Login::PUBLIC_KEY:  // retired: proof_ok stays false (authDenied)
      out->login = LoginKind::kPublicKey;
      return true;
    case s::Login::PUBLIC_KEY_PROOF: {
      out->login = LoginKind::kPublicKey;
      s::PublicKeyProof::Reader p = l.getPublicKeyProof();
      CopyText(p.getPrincipal(), &out->principal);
      auto key = p.getPublicKey();
      auto sig = p.getSignature();
      out->proof_ok =
          key.size() == kPublicKeyBytes && sig.size() != 0 && sig.size() <= kMaxSignatureBytes;
      if (out->proof_ok) {
        memcpy(out->public_key, key.begin(), kPublicKeyBytes);
        memcpy(out->signature, sig.begin(), sig.size());
        out->signature_len = sig.size();
      }
      return true;
    }
    case s::Login::OIDC:
      out->login = LoginKind::kOidc;
      return true;
    case s::Login::PASSKEY:
      out->login = LoginKind::kPasskey;
      return true;
  }
  return false;
}

// Verb and args are checked against the entry's descriptors later; here
// only their sizes (a longer one is kept as too_long, never cut).
void ReadCommand(s::Command::Reader c, Request* out) {
  CopyText(c.getVerb(), &out->verb);
  auto args = c.getArgs();
  out->too_many_args = args.size() > kMaxArgs;
  for (uint32_t i = 0; i < args.size() && i < kMaxArgs; ++i) CopyText(args[i], &out->args[i]);
  out->arg_count = args.size() < kMaxArgs ? args.size() : kMaxArgs;
}

bool ReadCall(s::Call::Reader c, Request* out) {
  CopyText(c.getCapName(), &out->cap_name);
  out->interface_id = c.getInterfaceId();
  switch (c.which()) {
    case s::Call::SESSION_INFO:
      out->method = CallMethod::kSessionInfo;
      return true;
    case s::Call::SYSTEM_MOTD:
      out->method = CallMethod::kSystemMotd;
      return true;
    case s::Call::SYSTEM_BUILD_INFO:
      out->method = CallMethod::kSystemBuildInfo;
      return true;
    case s::Call::CHAT_JOIN:
      out->method = CallMethod::kChatJoin;
      return true;
    case s::Call::CHAT_LEAVE:
      out->method = CallMethod::kChatLeave;
      return true;
    case s::Call::CHAT_SEND:
      out->method = CallMethod::kChatSend;
      CopyText(c.getChatSend(), &out->chat_text);
      return true;
    case s::Call::CHAT_WHO:
      out->method = CallMethod::kChatWho;
      return true;
    case s::Call::CHAT_POLL:
      out->method = CallMethod::kChatPoll;
      out->since_seq = c.getChatPoll();
      return true;
    case s::Call::ADVENTURE:
      out->method = CallMethod::kAdventure;
      ReadCommand(c.getAdventure(), out);
      return true;
    case s::Call::PAPERCLIPS:
      out->method = CallMethod::kPaperclips;
      ReadCommand(c.getPaperclips(), out);
      return true;
    default:
      return ReadTerminalCall(c, out);
  }
}

void ReadLaunch(s::ServiceLaunch::Reader l, Request* out) {
  CopyText(l.getProfile(), &out->service);
  CopyText(l.getBinary(), &out->binary);
  auto grants = l.getGrants();
  out->bad_grants = grants.size() > kMaxServiceGrants;
  for (uint32_t i = 0; i < grants.size() && i < kMaxServiceGrants; ++i) {
    BoundedText<kMaxServiceNameBytes> name;
    CopyText(grants[i].getName(), &name);
    if (name.too_long) out->bad_grants = true;
    memcpy(out->grants[i].name, name.data, name.len + 1);
    out->grants[i].interface_id = grants[i].getInterfaceId();
    out->grant_count = i + 1;
  }
}

bool ReadRequest(s::Request::Reader r, Request* out) {
  out->request_id = r.getRequestId();
  switch (r.which()) {
    case s::Request::AUTH_METHODS:
      out->kind = RequestKind::kAuthMethods;
      return true;
    case s::Request::LOGIN:
      out->kind = RequestKind::kLogin;
      return ReadLogin(r.getLogin(), out);
    case s::Request::SESSION_INFO:
      out->kind = RequestKind::kSessionInfo;
      return true;
    case s::Request::CAP_SET_LIST:
      out->kind = RequestKind::kCapSetList;
      return true;
    case s::Request::CAP_SET_GET: {
      out->kind = RequestKind::kCapSetGet;
      s::CapSetGet::Reader g = r.getCapSetGet();
      CopyText(g.getName(), &out->cap_name);
      out->interface_id = g.getInterfaceId();
      return true;
    }
    case s::Request::CALL:
      out->kind = RequestKind::kCall;
      return ReadCall(r.getCall(), out);
    case s::Request::LOGOUT:
      out->kind = RequestKind::kLogout;
      return true;
    case s::Request::EXPORT_TRANSCRIPT:
      out->kind = RequestKind::kExportTranscript;
      return true;
    case s::Request::SERVICE_CATALOG:
      out->kind = RequestKind::kServiceCatalog;
      return true;
    case s::Request::SERVICE_LAUNCH:
      out->kind = RequestKind::kServiceLaunch;
      ReadLaunch(r.getServiceLaunch(), out);
      return true;
    case s::Request::SERVICE_STATUS:
      out->kind = RequestKind::kServiceStatus;
      CopyText(r.getServiceStatus(), &out->service);
      return true;
    case s::Request::SERVICE_STOP:
      out->kind = RequestKind::kServiceStop;
      CopyText(r.getServiceStop(), &out->service);
      return true;
    case s::Request::SESSION_RESUME: {
      out->kind = RequestKind::kSessionResume;
      auto t = r.getSessionResume();
      out->ticket_ok = t.size() == kResumeTicketBytes;
      if (out->ticket_ok) memcpy(out->ticket, t.begin(), kResumeTicketBytes);
      return true;
    }
    case s::Request::AUTH_CHALLENGE:
      out->kind = RequestKind::kAuthChallenge;
      return true;
  }
  return false;
}

}  // namespace

const char* CallMethodName(CallMethod m) {
  switch (m) {
    case CallMethod::kSessionInfo:
      return "sessionInfo";
    case CallMethod::kSystemMotd:
      return "systemMotd";
    case CallMethod::kSystemBuildInfo:
      return "systemBuildInfo";
    case CallMethod::kChatJoin:
      return "chatJoin";
    case CallMethod::kChatLeave:
      return "chatLeave";
    case CallMethod::kChatSend:
      return "chatSend";
    case CallMethod::kChatWho:
      return "chatWho";
    case CallMethod::kChatPoll:
      return "chatPoll";
    case CallMethod::kAdventure:
      return "adventure";
    case CallMethod::kPaperclips:
      return "paperclips";
    case CallMethod::kTerminalOpen:
      return "terminalOpen";
    case CallMethod::kTerminalAttach:
      return "terminalAttach";
    case CallMethod::kTerminalList:
      return "terminalList";
    case CallMethod::kTerminalWrite:
      return "terminalWrite";
    case CallMethod::kTerminalResize:
      return "terminalResize";
    case CallMethod::kTerminalRead:
      return "terminalRead";
    case CallMethod::kTerminalInfo:
      return "terminalInfo";
    case CallMethod::kTerminalDetach:
      return "terminalDetach";
    case CallMethod::kTerminalClose:
      return "terminalClose";
  }
  return "unknown";
}

void Request::Wipe() {
  volatile char* p = password.data;
  for (size_t i = 0; i < sizeof(password.data); ++i) p[i] = 0;
  password.len = 0;
}

DecodeStatus DecodeRequest(const void* bytes, size_t len, Request* out) {
  *out = Request();
  bool known = false;
  caprt::DecodeResult r = caprt::Decode<s::Request>(
      bytes, len, [&](s::Request::Reader req) { known = ReadRequest(req, out); });
  if (r.ok() && known) return DecodeStatus::kOk;
  // Keep only the id (it may be garbage after a fault; 0 is fine then).
  uint32_t id = r.ok() ? out->request_id : 0;
  out->Wipe();
  *out = Request();
  out->request_id = id;
  return DecodeStatus::kMalformed;
}

size_t EncodeFrame(capnp::MessageBuilder& builder, uint8_t* out, size_t capacity,
                   uint32_t max_frame_bytes) {
  if (out == nullptr || capacity <= kFrameHeaderBytes) return 0;
  size_t room = capacity - kFrameHeaderBytes;
  if (room > max_frame_bytes) room = max_frame_bytes;
  caprt::EncodeResult e = caprt::EncodeMessage(builder, out + kFrameHeaderBytes, room);
  if (e.error != abi::Error::kOk || e.length == 0) return 0;
  out[0] = uint8_t(e.length);
  out[1] = uint8_t(e.length >> 8);
  out[2] = uint8_t(e.length >> 16);
  out[3] = uint8_t(e.length >> 24);
  return e.length + kFrameHeaderBytes;
}

}  // namespace remote_session
