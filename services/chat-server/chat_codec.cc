#include "services/chat-server/chat_codec.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/chat.capnp.layout.h"
#include "libcaprt/capnp_glue.h"
#include "libcaprt/wire_msg.h"
#include "schema/chat.capnp.h"
#include "services/chat-server/chat_log.h"

namespace chat {
namespace {

// A who or poll reply's first segment: most replies fit; a long poll or
// who list grows into more segments. The builder's 8 KiB default would be
// zeroed on every call.
constexpr unsigned kFirstWords = 128;

using capos::schema::Chat;
namespace L = capos::layout;
namespace wire = capos::wire;

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
capnp::Text::Reader TextOf(const char* s, size_t len) {
  return capnp::Text::Reader(s, len);
}

// Params are read with the wire codec (libcaprt/wire_msg.h: the glue's
// framing rules and limits, no allocation for the aligned buffers the
// server hands in). Parameterless methods: an empty buffer, or any
// well-formed message.
bool EmptyParamsOk(const void* params, size_t len) {
  caprt::WireIn in;
  return len == 0 || in.Open(params, len) == abi::Error::kOk;
}

// Join, leave and send answer a few words (join's name is at most
// kMaxNameBytes), so they are built with the wire codec: in place when
// `out` is word-aligned (the server's buffer is), else here and copied.
constexpr size_t kFixedAnswerBytes = 128;
static_assert(kFixedAnswerBytes <= kMinResultBytes);

template <typename Layout, typename Fill>
void EncodeFixed(void* out, size_t cap, HandleResult& r, Fill&& fill) {
  alignas(8) uint8_t scratch[kFixedAnswerBytes];
  bool in_place = reinterpret_cast<uintptr_t>(out) % 8 == 0;
  wire::MessageBuilder b(in_place ? out : scratch, in_place ? cap : sizeof(scratch));
  wire::StructBuilder root;
  b.initRoot<Layout>(&root);
  fill(root);
  size_t len = 0;
  r.error = caprt::WireFinish(b, &len);
  if (r.error == abi::Error::kOk && !in_place) memcpy(out, scratch, len);  // len <= cap
  r.length = len;
}

void Encode(capnp::MessageBuilder& builder, void* out, size_t cap, HandleResult& r) {
  caprt::EncodeResult e = caprt::EncodeMessage(builder, out, cap);
  r.error = e.error;
  r.length = e.length;
}

void DoJoin(ChatRoom& room, const CallerInfo& caller, void* out, size_t cap, HandleResult& r) {
  using R = L::Chat::JoinResults;
  JoinOutcome j = room.Join(caller);
  EncodeFixed<R>(out, cap, r, [&](wire::StructBuilder& res) {
    res.set(R::kStatus, static_cast<uint16_t>(j.status));
    res.set(R::kAlreadyMember, j.already_member);
    res.set(R::kBound, static_cast<uint16_t>(j.bound));
    res.set(R::kLimit, j.limit);
    if (j.member != nullptr) res.setText(R::kYou, j.member->name, j.member->name_len);
  });
  if (j.member != nullptr && !j.already_member) FormatJoinLog(*j.member, r.log, sizeof(r.log));
}

void DoLeave(ChatRoom& room, const CallerInfo& caller, void* out, size_t cap, HandleResult& r) {
  Status s = Status::kNoSession;
  if (caller.session_ref != kNoSession) {
    Member gone;
    bool was = room.DropSession(caller.session_ref, &gone);
    s = was ? Status::kOk : Status::kNotJoined;
    if (was) FormatLeaveLog(gone, "leave", r.log, sizeof(r.log));
  }
  EncodeFixed<L::Chat::LeaveResults>(out, cap, r, [&](wire::StructBuilder& res) {
    res.set(L::Chat::LeaveResults::kStatus, static_cast<uint16_t>(s));
  });
}

void DoSend(ChatRoom& room, const CallerInfo& caller, const void* params, size_t len, void* out,
            size_t cap, HandleResult& r) {
  // The text is used where it lies (in the message, or in `in`'s aligned
  // copy of it): Send copies what it keeps, and measures a longer text
  // only to refuse it.
  caprt::WireIn in;
  const char* text = nullptr;
  uint32_t text_len = 0;
  if (in.Open(params, len) == abi::Error::kOk)
    in.root().text(L::Chat::SendParams::kText, &text, &text_len);
  if (!in.ok()) {
    r.error = abi::Error::kMalformedMessage;
    return;
  }
  using R = L::Chat::SendResults;
  SendOutcome s = room.Send(caller.session_ref, text, text_len);
  EncodeFixed<R>(out, cap, r, [&](wire::StructBuilder& res) {
    res.set(R::kSent, s.status == Status::kOk);
    res.set(R::kStatus, static_cast<uint16_t>(s.status));
    res.set(R::kSeq, s.seq);
    res.set(R::kBound, static_cast<uint16_t>(s.bound));
    res.set(R::kLimit, s.limit);
  });
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
  caprt::WireIn in;
  if (in.Open(params, len) != abi::Error::kOk) {
    r.error = abi::Error::kMalformedMessage;
    return;
  }
  PollOutcome p = room.Poll(caller.session_ref, in.root().get(L::Chat::PollParams::kSinceSeq),
                            in.root().get(L::Chat::PollParams::kLimit));
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
      params_ok = EmptyParamsOk(params, params_len);
      if (params_ok) DoJoin(room, caller, result, result_cap, r);
      break;
    case Method::kLeave:
      params_ok = EmptyParamsOk(params, params_len);
      if (params_ok) DoLeave(room, caller, result, result_cap, r);
      break;
    case Method::kWho:
      params_ok = EmptyParamsOk(params, params_len);
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
