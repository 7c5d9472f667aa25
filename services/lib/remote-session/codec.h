// Request decoding (hostile bytes) and Response encoding for the DTOs in
// schema/remote_session.capnp.
//
// Decoding goes through libcaprt's capnp glue, so a malformed message is a
// typed failure, never an abort. A decoded Request is a plain fixed-size
// struct: the core never holds a capnp reader over client memory.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/terminal_types.h"
#include "services/lib/remote-session/text.h"
#include "services/lib/remote-session/types.h"

namespace capnp {
class MessageBuilder;
}

namespace remote_session {

enum class RequestKind : uint8_t {
  kAuthMethods,
  kLogin,
  kSessionInfo,
  kCapSetList,
  kCapSetGet,
  kCall,
  kLogout,
  kExportTranscript,
  kServiceCatalog,
  kServiceLaunch,
  kServiceStatus,
  kServiceStop,
  kSessionResume,
  kAuthChallenge
};
// SessionView.resumeTicket: the front end's random bearer secret.
inline constexpr size_t kResumeTicketBytes = 16;
enum class LoginKind : uint8_t { kPassword, kGuest, kAnonymous, kPublicKey, kOidc, kPasskey };
enum class CallMethod : uint8_t {
  kSessionInfo,
  kSystemMotd,
  kSystemBuildInfo,
  kChatJoin,
  kChatLeave,
  kChatSend,
  kChatWho,
  kChatPoll,
  kAdventure,   // a Command on a launched Adventure
  kPaperclips,  // a Command on a launched Paperclips game
  kTerminalOpen,
  kTerminalAttach,
  kTerminalList,
  kTerminalWrite,
  kTerminalResize,
  kTerminalRead,
  kTerminalInfo,
  kTerminalDetach,
  kTerminalClose
};
inline constexpr uint32_t kCallMethodCount = 19;
inline bool IsTerminalMethod(CallMethod m) {
  return m >= CallMethod::kTerminalOpen;
}
// The DTO variant name ("sessionInfo", "systemMotd", ...).
const char* CallMethodName(CallMethod m);

struct Request {
  uint32_t request_id = 0;
  RequestKind kind = RequestKind::kAuthMethods;
  // kLogin
  LoginKind login = LoginKind::kAnonymous;
  BoundedText<kMaxPrincipalBytes> principal;
  BoundedText<kMaxPasswordBytes> password;  // wiped by Wipe()
  // LoginKind::kPublicKey: PublicKeyProof's key and signature; proof_ok
  // only if both have a size they can have.
  uint8_t public_key[kPublicKeyBytes] = {};
  uint8_t signature[kMaxSignatureBytes] = {};
  size_t signature_len = 0;
  bool proof_ok = false;
  BoundedText<kMaxProfileBytes> profile;
  // kCapSetGet / kCall
  BoundedText<kMaxCapNameBytes> cap_name;
  uint64_t interface_id = 0;
  // kCall
  CallMethod method = CallMethod::kSessionInfo;
  BoundedText<kMaxChatTextBytes> chat_text;  // kChatSend
  uint64_t since_seq = 0;                    // kChatPoll
  // kAdventure / kPaperclips: the Command
  BoundedText<kMaxVerbBytes> verb;
  BoundedText<kMaxArgBytes> args[kMaxArgs];
  uint32_t arg_count = 0;
  bool too_many_args = false;
  // kServiceLaunch / kServiceStatus / kServiceStop
  BoundedText<kMaxServiceNameBytes> service;
  BoundedText<kMaxServiceNameBytes> binary;  // kServiceLaunch; "" = the worker
  GrantChoice grants[kMaxServiceGrants];
  uint32_t grant_count = 0;
  bool bad_grants = false;  // too many, or a name over its bound
  // kTerminal*: the call's fields (TerminalRequest without op and bytes)
  TerminalRequest terminal;
  uint8_t terminal_bytes[kMaxTerminalWriteBytes] = {};  // kTerminalWrite
  bool terminal_too_large = false;                      // above kMaxTerminalWriteBytes
  bool terminal_bad_mode = false;                       // attach: not "owner"/"follower"
  // kSessionResume
  uint8_t ticket[kResumeTicketBytes] = {};
  bool ticket_ok = false;  // exactly kResumeTicketBytes
  // Set by a transport for its own background calls (a web page's pushes),
  // never decoded from a client: the transcript does not record them, so
  // they never push the client's own events out of it.
  bool quiet = false;
  // Set by a front end for a request that did not come from its transport
  // (a shell's ShellHost.request), never decoded: the answer's Output
  // carries it back, so the front end routes it to whoever asked.
  uint32_t origin = 0;
  // Set by a front end for a shell's request: the shell acts within the
  // session, never on who it is (login, logout, sessionResume,
  // authMethods are methodDenied) and opens no terminals of its own.
  bool from_shell = false;

  // Overwrites the password (not optimised away). The core calls it as soon
  // as the login is decided.
  void Wipe();
};

enum class DecodeStatus : uint8_t { kOk, kMalformed };

// Decodes one frame payload. kMalformed for bytes that are not a Request
// (bad framing, out-of-bounds pointers, an unknown union variant). On
// kMalformed *out holds only request_id (0 if unreadable).
DecodeStatus DecodeRequest(const void* bytes, size_t len, Request* out);

// Writes `builder` as a complete frame (length prefix + message) into
// out[0, capacity). Returns the frame size, or 0 if it does not fit or is
// above max_frame_bytes.
size_t EncodeFrame(capnp::MessageBuilder& builder, uint8_t* out, size_t capacity,
                   uint32_t max_frame_bytes);

}  // namespace remote_session
