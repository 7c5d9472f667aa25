#include "services/chat-server/chat_codec.h"

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/chat.capnp.h"
#include "services/chat-server/chat_log.h"

namespace chat {
namespace {

// A reply's first segment: most replies fit; a long poll or who list grows
// into more segments. The builder's 8 KiB default would be zeroed on every
// call.
constexpr unsigned kFirstWords = 128;

using capos::schema::Chat;

// The core's bounds and enums are the schema's; a drift is a build error.
static_assert(Chat::MAX_MEMBERS == kMaxMembers);
static_assert(Chat::MAX_TEXT_BYTES == kMaxTextBytes);
static_assert(Chat::HISTORY_DEPTH == kHistoryDepth);
static_assert(Chat::MAX_POLL_MESSAGES == kMaxPollMessages);
static_assert(Chat::MIN_RESULT_BYTES == kMinResultBytes);
static_assert(static_cast<uint16_t>(Chat::Status::OK) == uint16_t(Status::kOk));
static_assert(static_cast<uint16_t>(Chat::Status::NOT_JOINED) == uint16_t(Status::kNotJoined));
static_assert(static_cast<uint16_t>(Chat::Status::NO_SESSION) == uint16_t(Status::kNoSession));
static_assert(static_cast<uint16_t>(Chat::Status::BOUND_EXCEEDED) ==
              uint16_t(Status::kBoundExceeded));
static_assert(static_cast<uint16_t>(Chat::Status::EMPTY_TEXT) == uint16_t(Status::kEmptyText));
static_assert(static_cast<uint16_t>(Chat::Status::INVALID_TEXT) == uint16_t(Status::kInvalidText));
static_assert(static_cast<uint16_t>(Chat::Bound::NONE) == uint16_t(Bound::kNone));
static_assert(static_cast<uint16_t>(Chat::Bound::MEMBERS) == uint16_t(Bound::kMembers));
static_assert(static_cast<uint16_t>(Chat::Bound::TEXT_BYTES) == uint16_t(Bound::kTextBytes));

Chat::Status ToWire(Status s) {
  return static_cast<Chat::Status>(s);
}
Chat::Bound ToWire(Bound b) {
  return static_cast<Chat::Bound>(b);
}
capnp::Text::Reader TextOf(const char* s, size_t len) {
  return capnp::Text::Reader(s, len);
}

// Decodes a params message whose root is T and whose fields `read` copies
// out. Returns false if it is malformed (then nothing read may be used).
template <typename T, typename Fn>
bool DecodeParams(const void* params, size_t len, Fn&& read) {
  return caprt::Decode<T>(params, len, read).ok();
}

// Parameterless methods: an empty buffer, or any well-formed message.
template <typename T>
bool CheckEmptyParams(const void* params, size_t len) {
  return len == 0 || DecodeParams<T>(params, len, [](typename T::Reader) {});
}

void Encode(capnp::MessageBuilder& builder, void* out, size_t cap, HandleResult& r) {
  caprt::EncodeResult e = caprt::EncodeMessage(builder, out, cap);
  r.error = e.error;
  r.length = e.length;
}

void DoJoin(ChatRoom& room, const CallerInfo& caller, void* out, size_t cap, HandleResult& r) {
  JoinOutcome j = room.Join(caller);
  capnp::MallocMessageBuilder builder(kFirstWords);
  auto res = builder.initRoot<Chat::JoinResults>();
  res.setStatus(ToWire(j.status));
  res.setAlreadyMember(j.already_member);
  res.setBound(ToWire(j.bound));
  res.setLimit(j.limit);
  if (j.member != nullptr) {
    res.setYou(TextOf(j.member->name, j.member->name_len));
    if (!j.already_member) FormatJoinLog(*j.member, r.log, sizeof(r.log));
  }
  Encode(builder, out, cap, r);
}

void DoLeave(ChatRoom& room, const CallerInfo& caller, void* out, size_t cap, HandleResult& r) {
  Status s = Status::kNoSession;
  if (caller.session_ref != kNoSession) {
    Member gone;
    bool was = room.DropSession(caller.session_ref, &gone);
    s = was ? Status::kOk : Status::kNotJoined;
    if (was) FormatLeaveLog(gone, "leave", r.log, sizeof(r.log));
  }
  capnp::MallocMessageBuilder builder(kFirstWords);
  builder.initRoot<Chat::LeaveResults>().setStatus(ToWire(s));
  Encode(builder, out, cap, r);
}

void DoSend(ChatRoom& room, const CallerInfo& caller, const void* params, size_t len, void* out,
            size_t cap, HandleResult& r) {
  // Copied out during the decode: the reader's memory may be a temporary
  // aligned copy. Longer texts are only measured (they are refused anyway).
  char text[kMaxTextBytes];
  size_t text_len = 0;
  bool ok = DecodeParams<Chat::SendParams>(params, len, [&](Chat::SendParams::Reader p) {
    capnp::Text::Reader t = p.getText();
    text_len = t.size();
    if (text_len <= kMaxTextBytes) {
      for (size_t i = 0; i < text_len; ++i) text[i] = t.begin()[i];
    }
  });
  if (!ok) {
    r.error = abi::Error::kMalformedMessage;
    return;
  }
  SendOutcome s = room.Send(caller.session_ref, text, text_len);
  capnp::MallocMessageBuilder builder(kFirstWords);
  auto res = builder.initRoot<Chat::SendResults>();
  res.setSent(s.status == Status::kOk);
  res.setStatus(ToWire(s.status));
  res.setSeq(s.seq);
  res.setBound(ToWire(s.bound));
  res.setLimit(s.limit);
  Encode(builder, out, cap, r);
}

void DoWho(const ChatRoom& room, const CallerInfo& caller, void* out, size_t cap, HandleResult& r) {
  capnp::MallocMessageBuilder builder(kFirstWords);
  auto res = builder.initRoot<Chat::WhoResults>();
  int self = room.FindMember(caller.session_ref);
  if (caller.session_ref == kNoSession) {
    res.setStatus(Chat::Status::NO_SESSION);
  } else if (self < 0) {
    res.setStatus(Chat::Status::NOT_JOINED);
  } else {
    res.setStatus(Chat::Status::OK);
    const Member& you = room.MemberAt(static_cast<uint32_t>(self));
    res.setYou(TextOf(you.name, you.name_len));
    auto names = res.initMembers(room.member_count());
    for (uint32_t i = 0; i < room.member_count(); ++i) {
      const Member& m = room.MemberAt(i);
      names.set(i, TextOf(m.name, m.name_len));
    }
  }
  Encode(builder, out, cap, r);
}

void DoPoll(const ChatRoom& room, const CallerInfo& caller, const void* params, size_t len,
            void* out, size_t cap, HandleResult& r) {
  uint64_t since = 0;
  uint32_t limit = 0;
  bool ok = DecodeParams<Chat::PollParams>(params, len, [&](Chat::PollParams::Reader p) {
    since = p.getSinceSeq();
    limit = p.getLimit();
  });
  if (!ok) {
    r.error = abi::Error::kMalformedMessage;
    return;
  }
  PollOutcome p = room.Poll(caller.session_ref, since, limit);
  capnp::MallocMessageBuilder builder(kFirstWords);
  auto res = builder.initRoot<Chat::PollResults>();
  res.setStatus(ToWire(p.status));
  res.setTruncated(p.truncated);
  res.setMore(p.more);
  res.setLatestSeq(p.latest_seq);
  auto list = res.initMessages(p.count);
  for (uint32_t i = 0; i < p.count; ++i) {
    const Message* m = room.MessageAt(p.first_seq + i);
    if (m == nullptr) continue;  // cannot happen: Poll() counts retained ones
    list[i].setSeq(m->seq);
    list[i].setFrom(TextOf(m->from, m->from_len));
    list[i].setText(TextOf(m->text, m->text_len));
  }
  Encode(builder, out, cap, r);
}

}  // namespace

HandleResult HandleRecv(ChatRoom& room, const abi::RecvHeader& h, const void* params, void* result,
                        size_t result_cap) {
  if (h.interface_id != kChatInterfaceId) {
    HandleResult r;
    r.error = abi::Error::kWrongInterface;
    return r;
  }
  const CallerInfo caller =
      CallerFromRecv(h.session_ref, (h.disclosed & abi::kDisclosedClasses) != 0, h.principal_class,
                     h.auth_strength, h.profile_class);
  return Handle(room, h.method, params, h.params_len, caller, result, result_cap);
}

HandleResult Handle(ChatRoom& room, uint16_t method, const void* params, size_t params_len,
                    const CallerInfo& caller, void* result, size_t result_cap) {
  HandleResult r;
  if (method > static_cast<uint16_t>(Method::kPoll)) {
    r.error = abi::Error::kBadMethod;
    return r;
  }
  if (result == nullptr || result_cap < kMinResultBytes) {
    r.error = abi::Error::kResultTooSmall;
    r.length = kMinResultBytes;
    return r;
  }
  bool params_ok = true;
  switch (static_cast<Method>(method)) {
    case Method::kJoin:
      params_ok = CheckEmptyParams<Chat::JoinParams>(params, params_len);
      if (params_ok) DoJoin(room, caller, result, result_cap, r);
      break;
    case Method::kLeave:
      params_ok = CheckEmptyParams<Chat::LeaveParams>(params, params_len);
      if (params_ok) DoLeave(room, caller, result, result_cap, r);
      break;
    case Method::kWho:
      params_ok = CheckEmptyParams<Chat::WhoParams>(params, params_len);
      if (params_ok) DoWho(room, caller, result, result_cap, r);
      break;
    case Method::kSend:
      DoSend(room, caller, params, params_len, result, result_cap, r);
      break;
    case Method::kPoll:
      DoPoll(room, caller, params, params_len, result, result_cap, r);
      break;
  }
  if (!params_ok) r.error = abi::Error::kMalformedMessage;
  if (r.error != abi::Error::kOk && r.error != abi::Error::kResultTooSmall) r.length = 0;
  return r;
}

bool DropSessionAndLog(ChatRoom& room, uint64_t session_ref, char* log, size_t log_cap) {
  if (log != nullptr && log_cap > 0) log[0] = '\0';
  Member gone;
  if (!room.DropSession(session_ref, &gone)) return false;
  if (log != nullptr) FormatLeaveLog(gone, "session dropped", log, log_cap);
  return true;
}

}  // namespace chat
