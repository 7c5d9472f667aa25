// The chat room state machine: members keyed by the caller-session reference
// the kernel attaches to each endpoint call, and a bounded message history.
//
// Pure and freestanding: fixed-size arrays, no allocation, no exceptions, so
// it runs the same in the guest and in host tests. It never sees transport
// bytes (chat_codec.h decodes those) and it stores no session reference
// anywhere a result can reach: history entries carry only display names.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace chat {

// Bounds; schema/chat.capnp publishes the same values (checked in the codec).
inline constexpr uint32_t kMaxMembers = 32;
inline constexpr uint32_t kHistoryDepth = 64;
inline constexpr uint32_t kMaxTextBytes = 256;
inline constexpr uint32_t kMaxPollMessages = 64;
// "anonymous-4294967295" is the longest display name (20 bytes), and
// "npc:" plus a kMaxSpeakerBytes speaker the longest narrator name.
inline constexpr uint32_t kMaxNameBytes = 24;
inline constexpr uint32_t kMaxSpeakerBytes = 16;  // ChatNarrator.maxSpeakerBytes
static_assert(4 + kMaxSpeakerBytes <= kMaxNameBytes);

// A caller bound to no session (session_ref == kNoSession) cannot be a member.
inline constexpr uint64_t kNoSession = 0;

// What the endpoint facet discloses about the caller's session. Zero means
// "not disclosed"; CallerFromRecv() maps the kernel's raw values.
enum class PrincipalClass : uint8_t {
  kUndisclosed = 0,
  kAnonymous = 1,
  kGuest = 2,
  kUser = 3,
  kOperator = 4,
  kService = 5,
};
using ProfileClass = PrincipalClass;  // profiles are named by the class they suit
enum class AuthStrength : uint8_t { kUndisclosed = 0, kNone = 1, kPassword = 2, kStrong = 3 };

// Identity of one call, supplied by the server loop from the kernel's RECV
// completion, never from the params.
struct CallerInfo {
  uint64_t session_ref = kNoSession;  // opaque; compared, never shown
  PrincipalClass principal = PrincipalClass::kUndisclosed;
  AuthStrength auth = AuthStrength::kUndisclosed;
  ProfileClass profile = ProfileClass::kUndisclosed;
};

// The caller identity from the fields of a RECV header (kernel-abi
// RecvHeader): the classes count only when `disclosed`. principal_class and
// profile_class use schema/authority.capnp's PrincipalClass numbering
// (anonymous 0 .. service 4); an unknown value is kUndisclosed.
// FIXME: auth_strength numbering is assumed 0 none, 1 password, 2 strong
// until the authority schema defines it.
CallerInfo CallerFromRecv(uint64_t session_ref, bool disclosed, uint8_t principal_class,
                          uint8_t auth_strength, uint8_t profile_class);

// Same order and values as Chat.Status / Chat.Bound in schema/chat.capnp.
enum class Status : uint8_t {
  kOk = 0,
  kNotJoined = 1,
  kNoSession = 2,
  kBoundExceeded = 3,
  kEmptyText = 4,
  kInvalidText = 5,
};
enum class Bound : uint8_t { kNone = 0, kMembers = 1, kTextBytes = 2 };

struct Member {
  uint64_t session_ref = kNoSession;
  uint32_t handle = 0;  // room-local counter (not reused before 2^32 joins)
  PrincipalClass principal = PrincipalClass::kUndisclosed;
  AuthStrength auth = AuthStrength::kUndisclosed;
  ProfileClass profile = ProfileClass::kUndisclosed;
  uint8_t name_len = 0;
  char name[kMaxNameBytes + 1] = {};  // NUL-terminated display name
};

struct Message {
  uint64_t seq = 0;
  uint8_t from_len = 0;
  uint16_t text_len = 0;
  char from[kMaxNameBytes + 1] = {};  // NUL-terminated
  char text[kMaxTextBytes + 1] = {};  // NUL-terminated
};

struct JoinOutcome {
  Status status = Status::kOk;
  bool already_member = false;
  Bound bound = Bound::kNone;
  uint32_t limit = 0;
  const Member* member = nullptr;  // on kOk; valid until the next mutation
};

struct SendOutcome {
  Status status = Status::kOk;
  uint64_t seq = 0;  // on kOk
  Bound bound = Bound::kNone;
  uint32_t limit = 0;
};

struct PollOutcome {
  Status status = Status::kOk;
  uint64_t first_seq = 0;  // messages are first_seq .. first_seq + count - 1
  uint32_t count = 0;
  bool truncated = false;
  bool more = false;
  uint64_t latest_seq = 0;
};

class ChatRoom {
 public:
  // Idempotent for a member. kNoSession for an unbound caller, kBoundExceeded
  // (kMembers) when kMaxMembers sessions are joined.
  JoinOutcome Join(const CallerInfo& caller);
  // kOk, kNotJoined or kNoSession.
  Status Leave(uint64_t session_ref);
  // kOk with the new seq; otherwise nothing is stored.
  SendOutcome Send(uint64_t session_ref, const char* text, size_t len);
  // ChatNarrator.announce: appends `text` from "npc:<speaker>". Holding the
  // narrator facet is the authority, so no membership is needed; the prefix
  // is what keeps it from ever passing for a member (whose names have no
  // colon). A speaker that is not 1..kMaxSpeakerBytes of [A-Za-z0-9-] is
  // kInvalidText; the text is checked exactly as Send checks it.
  SendOutcome Announce(const char* speaker, size_t speaker_len, const char* text, size_t len);
  // Members only. `limit` 0 or above kMaxPollMessages means kMaxPollMessages.
  PollOutcome Poll(uint64_t session_ref, uint64_t since_seq, uint32_t limit) const;
  // Session teardown (logout, worker exit): forgets the membership. True if
  // the session was a member. The removed member is copied to *removed.
  bool DropSession(uint64_t session_ref, Member* removed = nullptr);

  // Members in join order: MemberAt(0 .. member_count() - 1).
  uint32_t member_count() const { return member_count_; }
  const Member& MemberAt(uint32_t i) const { return members_[i]; }
  // Index of the session's membership, or -1.
  int FindMember(uint64_t session_ref) const;
  // The retained message with this seq, or nullptr (dropped or never sent).
  const Message* MessageAt(uint64_t seq) const;
  uint64_t latest_seq() const { return next_seq_ - 1; }

 private:
  // The text checks shared by Send and Announce, then the append.
  SendOutcome Append(const char* from, size_t from_len, const char* text, size_t len);

  Member members_[kMaxMembers];
  uint32_t member_count_ = 0;
  uint32_t next_handle_ = 1;
  Message history_[kHistoryDepth];
  uint64_t next_seq_ = 1;
};

// Short lower-case name of a principal class ("operator", "member" when not
// disclosed), used in display names and logs.
const char* PrincipalName(PrincipalClass c);
const char* AuthName(AuthStrength a);
const char* ProfileName(ProfileClass p);

}  // namespace chat
