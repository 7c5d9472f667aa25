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
enum class AuthMethod : uint8_t { kPassword, kGuest, kAnonymous };
enum class CapKind : uint8_t { kSession, kSystemInfo, kChat, kLauncher };

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
};

// Supplied by the transport from the connection, never from client fields.
struct SourceInfo {
  uint64_t source_id = 0;         // opaque per-source id (backoff key); not an address
  uint64_t connection_event = 0;  // the gateway's connection event id (audit log)
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
