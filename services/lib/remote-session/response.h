// Builds Response frames (schema/remote_session.capnp) from the core's
// plain types. Each function writes one complete frame (length prefix
// included) into out[0, capacity) and returns its size, 0 if it does not fit.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/capset.h"
#include "services/lib/remote-session/codec.h"
#include "services/lib/remote-session/transcript.h"
#include "services/lib/remote-session/types.h"

namespace remote_session {

// Same numbering as schema/remote_session.capnp ErrorCode.
enum class ErrorCode : uint8_t {
  kAuthDenied,
  kDisabledAuthMethod,
  kUnknownCap,
  kWrongInterface,
  kMethodDenied,
  kStaleSession,
  kBoundExceeded,
  kMalformedRequest,
  kNotAuthenticated,
  kUnavailable,
  kLoginTimeout,
  kLaunchDenied
};
// The DTO enumerant name ("authDenied", ...), also the transcript outcome.
const char* ErrorCodeName(ErrorCode code);

// The auth-method inventory, answered locally.
struct AuthMethodRow {
  const char* name;
  bool enabled;
  const char* reason;  // "" when enabled
};
uint32_t AuthMethodCount();
const AuthMethodRow& AuthMethodAt(uint32_t i);
// The row for a login variant.
const AuthMethodRow& AuthMethodFor(LoginKind kind);

const char* PrincipalClassName(PrincipalClass c);
const char* AuthMethodName(AuthMethod m);

struct Frame {
  uint8_t* out;
  size_t capacity;
  uint32_t max_frame_bytes;
};

size_t WriteDenied(const Frame& f, uint32_t id, ErrorCode code);
// `public_key`: this connection can bind a key proof (TLS), so publicKey
// is listed enabled.
size_t WriteAuthMethods(const Frame& f, uint32_t id, bool public_key = false);
// challenge: the nonce (kNonceBytes) and the exporter label.
size_t WriteChallenge(const Frame& f, uint32_t id, const uint8_t* nonce);
// loggedIn (login = true) or sessionInfo.
// `ticket` (kResumeTicketBytes, loggedIn only) may be null: no ticket.
size_t WriteSessionView(const Frame& f, uint32_t id, bool login, const Summary& s, const char* tag,
                        const uint8_t* ticket = nullptr);
size_t WriteCapSet(const Frame& f, uint32_t id, const CapSet& set);
size_t WriteCapSetEntry(const Frame& f, uint32_t id, const BundleEntry& e);
size_t WriteLoggedOut(const Frame& f, uint32_t id);
size_t WriteTranscript(const Frame& f, uint32_t id, const Transcript& t);
size_t WriteCallSession(const Frame& f, uint32_t id, const Summary& s, const char* tag);
size_t WriteCallText(const Frame& f, uint32_t id, const char* text, size_t len);
// A chat answer for `method`; sent=false results carry `reason`.
size_t WriteChatResult(const Frame& f, uint32_t id, CallMethod method, const ChatReply& r);
// callResult.terminal for a terminal* call (response_terminal.cc).
size_t WriteTerminalResult(const Frame& f, uint32_t id, CallMethod method, const TerminalReply& r);
// The TerminalStatus name ("ok", "ended", ...); "unknown" past the enum.
const char* TerminalStatusName(TerminalStatusCode status);
size_t WriteChatNotSent(const Frame& f, uint32_t id, const char* reason);

// ---- Services (response_services.cc). ----

// "unknownProfile", ... (the DTO enumerant name, also the audit word).
const char* LaunchDenialName(LaunchDenial d);
// Fixed human text for a denial (the catalog's `reason` and the denial's
// message); never names a process, slot or endpoint.
const char* LaunchDenialText(LaunchDenial d);
size_t WriteLaunchDenied(const Frame& f, uint32_t id, LaunchDenial d);
size_t WriteServiceCatalog(const Frame& f, uint32_t id, const ServiceCatalogView& c);
size_t WriteServiceState(const Frame& f, uint32_t id, const ServiceInfo& s);
// A game's answer: the service's results message (every method's results
// hold its View at pointer 0) as the DTO view model. 0 with *bad = true if
// the results do not decode.
size_t WriteServiceResult(const Frame& f, uint32_t id, CapKind kind, const void* results,
                          size_t len, bool* bad);

}  // namespace remote_session
