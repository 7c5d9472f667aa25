#include "services/chat-server/chat_room.h"

#include "services/chat-server/chat_text.h"

namespace chat {
namespace {

// Copies at most `cap` bytes and NUL-terminates; returns the length copied.
uint32_t CopyText(char* dst, uint32_t cap, const char* src, size_t len) {
  uint32_t n = len < cap ? static_cast<uint32_t>(len) : cap;
  for (uint32_t i = 0; i < n; ++i) dst[i] = src[i];
  dst[n] = '\0';
  return n;
}

// "<class>-<handle>": the handle is a room-local counter, so the name says
// nothing about the session beyond what the facet chose to disclose.
void BuildName(Member& m) {
  char buf[kMaxNameBytes + 1];
  uint32_t len = 0;
  for (const char* p = PrincipalName(m.principal); *p != '\0'; ++p) buf[len++] = *p;
  buf[len++] = '-';
  char digits[10];
  uint32_t nd = 0;
  uint32_t h = m.handle;
  do {
    digits[nd++] = static_cast<char>('0' + h % 10);
    h /= 10;
  } while (h != 0);
  while (nd > 0) buf[len++] = digits[--nd];
  m.name_len = static_cast<uint8_t>(CopyText(m.name, kMaxNameBytes, buf, len));
}

}  // namespace

const char* PrincipalName(PrincipalClass c) {
  switch (c) {
    case PrincipalClass::kOperator:
      return "operator";
    case PrincipalClass::kUser:
      return "user";
    case PrincipalClass::kGuest:
      return "guest";
    case PrincipalClass::kAnonymous:
      return "anonymous";
    case PrincipalClass::kService:
      return "service";
    case PrincipalClass::kUndisclosed:
      break;
  }
  return "member";
}

const char* AuthName(AuthStrength a) {
  switch (a) {
    case AuthStrength::kNone:
      return "none";
    case AuthStrength::kPassword:
      return "password";
    case AuthStrength::kStrong:
      return "strong";
    case AuthStrength::kUndisclosed:
      break;
  }
  return "undisclosed";
}

const char* ProfileName(ProfileClass p) {
  return p == ProfileClass::kUndisclosed ? "undisclosed" : PrincipalName(p);
}

CallerInfo CallerFromRecv(uint64_t session_ref, bool disclosed, uint8_t principal_class,
                          uint8_t auth_strength, uint8_t profile_class) {
  CallerInfo c;
  c.session_ref = session_ref;
  if (!disclosed) return c;
  constexpr uint8_t kClasses = static_cast<uint8_t>(PrincipalClass::kService);
  if (principal_class < kClasses) c.principal = static_cast<PrincipalClass>(principal_class + 1);
  if (profile_class < kClasses) c.profile = static_cast<ProfileClass>(profile_class + 1);
  if (auth_strength <= 2) c.auth = static_cast<AuthStrength>(auth_strength + 1);
  return c;
}

int ChatRoom::FindMember(uint64_t session_ref) const {
  if (session_ref == kNoSession) return -1;
  for (uint32_t i = 0; i < member_count_; ++i) {
    if (members_[i].session_ref == session_ref) return static_cast<int>(i);
  }
  return -1;
}

JoinOutcome ChatRoom::Join(const CallerInfo& caller) {
  JoinOutcome out;
  if (caller.session_ref == kNoSession) {
    out.status = Status::kNoSession;
    return out;
  }
  int i = FindMember(caller.session_ref);
  if (i >= 0) {
    out.already_member = true;
    out.member = &members_[i];
    return out;
  }
  if (member_count_ == kMaxMembers) {
    out.status = Status::kBoundExceeded;
    out.bound = Bound::kMembers;
    out.limit = kMaxMembers;
    return out;
  }
  Member& m = members_[member_count_++];
  m = Member();
  m.session_ref = caller.session_ref;
  m.handle = next_handle_++;
  if (next_handle_ == 0) next_handle_ = 1;  // after 2^32 joins; 0 is never a handle
  m.principal = caller.principal;
  m.auth = caller.auth;
  m.profile = caller.profile;
  BuildName(m);
  out.member = &m;
  return out;
}

bool ChatRoom::DropSession(uint64_t session_ref, Member* removed) {
  int i = FindMember(session_ref);
  if (i < 0) return false;
  if (removed != nullptr) *removed = members_[i];
  // Shift down so MemberAt() stays in join order.
  for (uint32_t k = static_cast<uint32_t>(i); k + 1 < member_count_; ++k) {
    members_[k] = members_[k + 1];
  }
  members_[--member_count_] = Member();
  return true;
}

Status ChatRoom::Leave(uint64_t session_ref) {
  if (session_ref == kNoSession) return Status::kNoSession;
  return DropSession(session_ref) ? Status::kOk : Status::kNotJoined;
}

SendOutcome ChatRoom::Send(uint64_t session_ref, const char* text, size_t len) {
  SendOutcome out;
  if (session_ref == kNoSession) {
    out.status = Status::kNoSession;
    return out;
  }
  int i = FindMember(session_ref);
  if (i < 0) {
    out.status = Status::kNotJoined;
    return out;
  }
  return Append(members_[i].name, members_[i].name_len, text, len);
}

SendOutcome ChatRoom::Announce(const char* speaker, size_t speaker_len, const char* text,
                               size_t len) {
  if (speaker == nullptr || speaker_len == 0 || speaker_len > kMaxSpeakerBytes) {
    SendOutcome out;
    out.status = Status::kInvalidText;
    return out;
  }
  char from[kMaxNameBytes + 1] = {'n', 'p', 'c', ':'};
  for (size_t k = 0; k < speaker_len; ++k) {
    char c = speaker[k];
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      SendOutcome out;
      out.status = Status::kInvalidText;
      return out;
    }
    from[4 + k] = c;
  }
  return Append(from, 4 + speaker_len, text, len);
}

SendOutcome ChatRoom::Append(const char* from, size_t from_len, const char* text, size_t len) {
  SendOutcome out;
  if (len == 0) {
    out.status = Status::kEmptyText;
    return out;
  }
  if (len > kMaxTextBytes) {
    out.status = Status::kBoundExceeded;
    out.bound = Bound::kTextBytes;
    out.limit = kMaxTextBytes;
    return out;
  }
  if (text == nullptr || !IsCleanText(text, len)) {
    out.status = Status::kInvalidText;
    return out;
  }
  Message& msg = history_[(next_seq_ - 1) % kHistoryDepth];
  msg = Message();
  msg.seq = next_seq_++;
  msg.from_len = static_cast<uint8_t>(CopyText(msg.from, kMaxNameBytes, from, from_len));
  msg.text_len = static_cast<uint16_t>(CopyText(msg.text, kMaxTextBytes, text, len));
  out.seq = msg.seq;
  return out;
}

PollOutcome ChatRoom::Poll(uint64_t session_ref, uint64_t since_seq, uint32_t limit) const {
  PollOutcome out;
  if (session_ref == kNoSession) {
    out.status = Status::kNoSession;
    return out;
  }
  if (FindMember(session_ref) < 0) {
    out.status = Status::kNotJoined;
    return out;
  }
  uint64_t latest = latest_seq();
  out.latest_seq = latest;
  if (since_seq >= latest) return out;
  uint64_t oldest = latest >= kHistoryDepth ? latest - kHistoryDepth + 1 : 1;
  uint64_t start = since_seq + 1;
  if (start < oldest) {
    out.truncated = true;
    start = oldest;
  }
  if (limit == 0 || limit > kMaxPollMessages) limit = kMaxPollMessages;
  uint64_t available = latest - start + 1;  // <= kHistoryDepth
  out.first_seq = start;
  out.count = available < limit ? static_cast<uint32_t>(available) : limit;
  out.more = available > out.count;
  return out;
}

const Message* ChatRoom::MessageAt(uint64_t seq) const {
  uint64_t latest = latest_seq();
  if (seq == 0 || seq > latest) return nullptr;
  if (latest >= kHistoryDepth && seq < latest - kHistoryDepth + 1) return nullptr;
  return &history_[(seq - 1) % kHistoryDepth];
}

}  // namespace chat
