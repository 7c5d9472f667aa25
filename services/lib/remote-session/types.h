// Plain value types shared by the remote-session core and its Backend.
//
// Everything here is fixed-size (no allocation, no std containers) so the
// same code runs in the freestanding guest and in host tests. Nothing here
// is ever shown to a remote client as-is: the session core builds the DTO
// view models (schema/remote_session.capnp) from these.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace remote_session {

// Text bounds. Longer client input is refused (login: authDenied; names:
// unknownCap; chat text: sent=false), never truncated silently.
inline constexpr size_t kMaxPrincipalBytes = 64;
inline constexpr size_t kMaxPasswordBytes = 256;
// Public-key login (services/lib/login-proof has the message).
inline constexpr size_t kPublicKeyBytes = 65;       // an uncompressed P-256 point
inline constexpr size_t kMaxSignatureBytes = 72;    // DER ECDSA P-256
inline constexpr size_t kNonceBytes = 32;           // AuthChallenge.nonce
inline constexpr size_t kChannelBindingBytes = 32;  // the TLS exporter
// A client certificate handed on to the authority (SourceInfo); a longer
// one is not handed on, and can then prove nothing. P-256 leaves are well
// under 1 KiB.
inline constexpr size_t kMaxClientCertBytes = 2048;
inline constexpr char kExporterLabel[] = "EXPORTER-capos-remote-session-login";
inline constexpr size_t kMaxProfileBytes = 64;
inline constexpr size_t kMaxCapNameBytes = 32;
inline constexpr size_t kMaxChatTextBytes = 256;  // == Chat.maxTextBytes
inline constexpr size_t kMaxDisplayNameBytes = 48;
inline constexpr size_t kMaxSystemTextBytes = 1024;
inline constexpr uint32_t kMaxBundleEntries = 16;
inline constexpr uint32_t kMaxChatMembers = 32;       // == Chat.maxMembers
inline constexpr uint32_t kMaxChatPollMessages = 16;  // per call; the client polls again

// The backend's opaque handle for one logged-in session (the gateway maps it
// to its UserSession/SessionCell caps). 0 = none. Never sent to a client and
// never written to a transcript.
using BackendSession = uint64_t;

// Same numbering as schema/authority.capnp PrincipalClass / AuthMethod /
// CapKind (checked by static_asserts in session.cc).
enum class PrincipalClass : uint8_t { kAnonymous, kGuest, kUser, kOperator, kService };
enum class AuthMethod : uint8_t { kPassword, kGuest, kAnonymous, kPublicKey };
enum class CapKind : uint8_t {
  kSession,
  kSystemInfo,
  kChat,
  kLauncher,
  kAdventure,
  kPaperclips,
  kTerminal
};

// schema/authority.capnp Rights bits.
inline constexpr uint32_t kRightRead = 1;
inline constexpr uint32_t kRightWrite = 2;
inline constexpr uint32_t kRightControl = 4;

// Outcome of a Backend call other than login.
enum class BackendStatus : uint8_t {
  kOk,             // done; outputs are filled
  kPending,        // the answer comes later (Session::Complete / CompleteChat)
  kStale,          // the session is logged out / torn down -> staleSession
  kUnavailable,    // a backend (worker, service) failed -> unavailable
  kBoundExceeded,  // the backend ran out of room -> boundExceeded
  // Chat only: the session's worker is gone (killed, crashed, exited). This
  // call is unavailable; the next chat call starts a new worker.
  kWorkerGone,
  kLaunchDenied,  // a service launch/stop refused: see the Completion's denial
};

// Supplied by the transport from the connection, never from client fields.
struct SourceInfo {
  uint64_t source_id = 0;         // opaque per-source id (backoff key); not an address
  uint64_t connection_event = 0;  // the gateway's connection event id (audit log)
  // publicKey only: the connection's live nonce then its TLS exporter, or
  // null (no challenge asked for, or already used).
  const uint8_t* challenge = nullptr;
  // publicKey only: the leaf certificate of the connection's TLS handshake
  // (DER), or null; the authority checks it (AuthorityPolicy.
  // clientCertificates) before its subject may log in with its key.
  const uint8_t* client_cert = nullptr;
  uint32_t client_cert_len = 0;
};

struct Summary {
  char principal[kMaxPrincipalBytes + 1] = {};  // NUL-terminated
  PrincipalClass principal_class = PrincipalClass::kAnonymous;
  char profile[kMaxProfileBytes + 1] = {};
  AuthMethod method = AuthMethod::kAnonymous;
  bool live = false;
};

struct BundleEntry {
  char name[kMaxCapNameBytes + 1] = {};  // NUL-terminated CapSet name
  CapKind kind = CapKind::kSession;
  uint64_t interface_id = 0;
  uint32_t rights = 0;  // kRight* bits
};

enum class SystemTextKind : uint8_t { kMotd, kBuildInfo };

enum class ChatOp : uint8_t { kJoin, kLeave, kSend, kWho, kPoll };

struct ChatRequest {
  ChatOp op = ChatOp::kWho;
  const char* text = nullptr;  // kSend only; 1..kMaxChatTextBytes bytes, not NUL-terminated
  size_t text_len = 0;
  uint64_t since_seq = 0;                 // kPoll only
  uint32_t limit = kMaxChatPollMessages;  // kPoll only
};

// Same numbering as schema/chat.capnp Chat.Status.
enum class ChatStatus : uint8_t {
  kOk,
  kNotJoined,
  kNoSession,
  kBoundExceeded,
  kEmptyText,
  kInvalidText
};

struct ChatMessage {
  uint64_t seq = 0;
  char from[kMaxDisplayNameBytes + 1] = {};
  char text[kMaxChatTextBytes + 1] = {};
};

// The worker's answer, whatever the op; the core reads the fields its op uses.
struct ChatReply {
  ChatStatus status = ChatStatus::kOk;
  bool sent = false;                        // kSend
  uint64_t seq = 0;                         // kSend
  bool already_member = false;              // kJoin
  char you[kMaxDisplayNameBytes + 1] = {};  // kJoin
  uint32_t member_count = 0;                // kWho
  char members[kMaxChatMembers][kMaxDisplayNameBytes + 1] = {};
  uint32_t message_count = 0;  // kPoll
  ChatMessage messages[kMaxChatPollMessages];
  bool truncated = false;   // kPoll
  uint64_t latest_seq = 0;  // kPoll
};

}  // namespace remote_session

namespace remote_session {

// ---- Launched services (the catalog, schema/remote_session.capnp). ----

inline constexpr uint32_t kMaxServices = 8;
inline constexpr uint32_t kMaxServiceCompanions = 4;
inline constexpr uint32_t kMaxServiceGrants = 8;
inline constexpr uint32_t kMaxServiceExports = 4;
inline constexpr size_t kMaxServiceNameBytes = 32;  // profile, binary, grant and interface names
inline constexpr size_t kMaxDescriptionBytes = 160;
// A Command's verb and arguments (the descriptors bound each further).
inline constexpr size_t kMaxVerbBytes = 16;
inline constexpr size_t kMaxArgBytes = 256;
inline constexpr uint32_t kMaxArgs = 2;
// A service's results message as the backend hands it to the core.
inline constexpr size_t kMaxServiceResultBytes = 8192;

// Same numbering as schema/remote_session.capnp LaunchDenial.
enum class LaunchDenial : uint8_t {
  kNone,
  kUnknownProfile,
  kDisallowedBinary,
  kMissingGrant,
  kWrongInterface,
  kUnexpectedGrant,
  kStaleSession,
  kNotPermitted,
  kSessionQuota,
  kSystemQuota,
  kSpawnFailed,
  kNotRunning
};
// Same numbering as GrantHolder / ServiceState.
enum class GrantHolder : uint8_t { kBackendHeld, kServiceOwned, kClientFacet };
enum class ServiceState : uint8_t { kNotRunning, kStarting, kRunning, kStopping };

struct ServiceGrant {
  char name[kMaxServiceNameBytes + 1] = {};
  char interface_name[kMaxServiceNameBytes + 1] = {};
  uint64_t interface_id = 0;  // 0: the front end cannot supply this interface
  GrantHolder holder = GrantHolder::kBackendHeld;
  bool move = false;
};

struct ServiceCompanion {
  char binary[kMaxServiceNameBytes + 1] = {};
  uint32_t count = 0;
  bool shared = false;
};

// A CapSet entry a running service adds (session-bound).
using ServiceExport = BundleEntry;

struct ServiceInfo {
  char name[kMaxServiceNameBytes + 1] = {};
  char description[kMaxDescriptionBytes + 1] = {};
  char worker_binary[kMaxServiceNameBytes + 1] = {};
  ServiceCompanion companions[kMaxServiceCompanions];
  uint32_t companion_count = 0;
  ServiceGrant grants[kMaxServiceGrants];
  uint32_t grant_count = 0;
  ServiceExport exports[kMaxServiceExports];
  uint32_t export_count = 0;
  uint32_t per_session_limit = 1;
  uint32_t system_limit = 0;
  // For the asking session:
  ServiceState state = ServiceState::kNotRunning;
  LaunchDenial unavailable = LaunchDenial::kNone;  // kNone: it may launch it
  uint32_t processes = 0;                          // this session's processes of it
};

struct ServiceCatalogView {
  ServiceInfo services[kMaxServices];
  uint32_t count = 0;
};

struct GrantChoice {
  char name[kMaxServiceNameBytes + 1] = {};
  uint64_t interface_id = 0;
};

struct LaunchRequest {
  const char* profile = "";  // NUL-terminated, at most kMaxServiceNameBytes
  const char* binary = "";   // "" = the profile's worker binary
  const GrantChoice* grants = nullptr;
  uint32_t grant_count = 0;
  // The session's CapSet holds the service runner entry (authority policy:
  // never for guest or anonymous). Without it every launch is notPermitted.
  bool has_runner = false;
};

// One call on a launched service's export: the service's method ordinal
// and its params message (built by the core from a checked Command).
struct ServiceCall {
  CapKind kind = CapKind::kAdventure;
  uint16_t method = 0;
  const void* params = nullptr;  // 8-byte aligned
  uint32_t params_len = 0;
};

}  // namespace remote_session
