#include "services/lib/remote-session/response.h"

#include <capnp/message.h>
#include <stdio.h>
#include <string.h>

#include "layout/remote_session.capnp.layout.h"
#include "libcaprt/wire_msg.h"
#include "schema/chat.capnp.h"
#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/descriptors.h"
#include "services/lib/remote-session/frame_reader.h"
#include "services/lib/remote-session/response_builder.h"

namespace remote_session {
namespace {

namespace s = capos::schema;
// schema/authority.capnp cannot be included here: it also declares
// capos::schema::Denial. Its enums are checked in session_test.cc instead.

static_assert(uint16_t(s::ErrorCode::UNAVAILABLE) == uint16_t(ErrorCode::kUnavailable));
static_assert(uint16_t(s::ErrorCode::LOGIN_TIMEOUT) == uint16_t(ErrorCode::kLoginTimeout));
static_assert(uint16_t(s::ErrorCode::LAUNCH_DENIED) == uint16_t(ErrorCode::kLaunchDenied));
static_assert(uint16_t(s::ParamType::ENUM) == uint16_t(ParamType::kEnum));
static_assert(uint16_t(s::ErrorCode::NOT_AUTHENTICATED) == uint16_t(ErrorCode::kNotAuthenticated));
static_assert(uint16_t(s::ErrorCode::AUTH_DENIED) == uint16_t(ErrorCode::kAuthDenied));
static_assert(uint16_t(s::Chat::Status::INVALID_TEXT) == uint16_t(ChatStatus::kInvalidText));
static_assert(s::MAX_FRAME_BYTES == kDefaultMaxFrameBytes);
static_assert(s::Chat::MAX_TEXT_BYTES == kMaxChatTextBytes);
static_assert(s::Chat::MAX_MEMBERS == kMaxChatMembers);

constexpr AuthMethodRow kAuthMethods[] = {
    {"password", true, ""},
    {"guest", true, ""},
    {"anonymous", true, ""},
    // Enabled per connection: only where TLS gives it an exporter to bind
    // the signature to (WriteAuthMethods).
    {"publicKey", false, "public-key login needs TLS (its signature is bound to the connection)"},
    {"oidc", false, "OIDC login is not configured on this system"},
    {"passkey", false, "passkey login is not enabled on this system"},
};

// Fixed human text per code: never a reason that helps a guesser.
const char* Message(ErrorCode c) {
  switch (c) {
    case ErrorCode::kAuthDenied:
      return "login denied";
    case ErrorCode::kDisabledAuthMethod:
      return "this login method is disabled";
    case ErrorCode::kUnknownCap:
      return "no capability with that name";
    case ErrorCode::kWrongInterface:
      return "the capability has another interface";
    case ErrorCode::kMethodDenied:
      return "the capability does not allow that method";
    case ErrorCode::kStaleSession:
      return "the session has ended";
    case ErrorCode::kBoundExceeded:
      return "a resource limit was reached";
    case ErrorCode::kMalformedRequest:
      return "malformed request";
    case ErrorCode::kNotAuthenticated:
      return "log in first";
    case ErrorCode::kUnavailable:
      return "service unavailable, retry later";
    case ErrorCode::kLoginTimeout:
      return "no login in time; connection closed";
    case ErrorCode::kLaunchDenied:
      return "the service launch was refused";
  }
  return "error";
}

// The first segment of every response. The builder's own would be an
// 8 KiB calloc per response; this one is zero already, and capnp zeroes
// only the words a response used when its builder goes. One response is
// built at a time (sessions run on one thread); a nested one would take
// the heap path.
constexpr size_t kFirstSegmentWords = 1024;
alignas(8) capnp::word first_segment[kFirstSegmentWords];
bool first_segment_busy = false;

void FillView(s::SessionView::Builder v, const Summary& sm, const char* tag) {
  v.setPrincipal(T(sm.principal));
  v.setPrincipalClass(T(PrincipalClassName(sm.principal_class)));
  v.setProfile(T(sm.profile));
  v.setAuthMethod(T(AuthMethodName(sm.method)));
  v.setSessionTag(T(tag));
  v.setLive(sm.live);
}

void FillEntry(s::CapSetEntry::Builder b, const BundleEntry& e) {
  b.setName(T(e.name));
  b.setInterfaceId(e.interface_id);
  b.setInterfaceName(T(InterfaceName(e.kind)));
  b.setPolicy(T(PolicyName(e.rights)));
  uint32_t count = 0, n = 0;
  const MethodDescriptor* table = MethodTable(e.kind, &count);
  for (uint32_t m = 0; m < count; ++m) n += Allowed(table[m], e.rights);
  auto methods = b.initMethods(n);
  auto descriptors = b.initDescriptors(n);
  uint32_t k = 0;
  for (uint32_t m = 0; m < count; ++m) {
    if (!Allowed(table[m], e.rights)) continue;
    methods.set(k, T(table[m].name));
    FillDescriptor(descriptors[k++], table[m]);
  }
  auto lease = b.initLease();
  lease.setSessionBound(true);
  lease.setExpiresInMs(0);
}

const char* ChatStatusName(ChatStatus st) {
  switch (st) {
    case ChatStatus::kOk:
      return "";
    case ChatStatus::kNotJoined:
      return "notJoined";
    case ChatStatus::kNoSession:
      return "noSession";
    case ChatStatus::kBoundExceeded:
      return "boundExceeded";
    case ChatStatus::kEmptyText:
      return "emptyText";
    case ChatStatus::kInvalidText:
      return "invalidText";
  }
  return "unknown";
}

}  // namespace

kj::ArrayPtr<capnp::word> TakeFirstSegment() {
  if (first_segment_busy) return nullptr;
  first_segment_busy = true;
  return kj::arrayPtr(first_segment, kFirstSegmentWords);
}

void GiveBackFirstSegment() {
  first_segment_busy = false;
}

void FillDescriptor(s::MethodDescriptor::Builder b, const MethodDescriptor& m) {
  b.setName(T(m.name));
  b.setSummary(T(m.summary));
  auto params = b.initParams(m.param_count);
  for (uint32_t i = 0; i < m.param_count; ++i) {
    const ParamDescriptor& p = m.params[i];
    params[i].setName(T(p.name));
    params[i].setType(static_cast<s::ParamType>(p.type));
    params[i].setMin(p.min);
    params[i].setMax(p.max);
    auto values = params[i].initValues(p.value_count);
    for (uint32_t v = 0; v < p.value_count; ++v) values.set(v, T(p.values[v]));
  }
}

const char* ErrorCodeName(ErrorCode c) {
  switch (c) {
    case ErrorCode::kAuthDenied:
      return "authDenied";
    case ErrorCode::kDisabledAuthMethod:
      return "disabledAuthMethod";
    case ErrorCode::kUnknownCap:
      return "unknownCap";
    case ErrorCode::kWrongInterface:
      return "wrongInterface";
    case ErrorCode::kMethodDenied:
      return "methodDenied";
    case ErrorCode::kStaleSession:
      return "staleSession";
    case ErrorCode::kBoundExceeded:
      return "boundExceeded";
    case ErrorCode::kMalformedRequest:
      return "malformedRequest";
    case ErrorCode::kNotAuthenticated:
      return "notAuthenticated";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kLoginTimeout:
      return "loginTimeout";
    case ErrorCode::kLaunchDenied:
      return "launchDenied";
  }
  return "unknown";
}

uint32_t AuthMethodCount() {
  return sizeof(kAuthMethods) / sizeof(kAuthMethods[0]);
}
const AuthMethodRow& AuthMethodAt(uint32_t i) {
  return kAuthMethods[i < AuthMethodCount() ? i : 0];
}
const AuthMethodRow& AuthMethodFor(LoginKind kind) {
  return kAuthMethods[uint32_t(kind)];
}

const char* PrincipalClassName(PrincipalClass c) {
  switch (c) {
    case PrincipalClass::kAnonymous:
      return "anonymous";
    case PrincipalClass::kGuest:
      return "guest";
    case PrincipalClass::kUser:
      return "user";
    case PrincipalClass::kOperator:
      return "operator";
    case PrincipalClass::kService:
      return "service";
  }
  return "unknown";
}

const char* AuthMethodName(AuthMethod m) {
  switch (m) {
    case AuthMethod::kPassword:
      return "password";
    case AuthMethod::kGuest:
      return "guest";
    case AuthMethod::kAnonymous:
      return "anonymous";
    case AuthMethod::kPublicKey:
      return "publicKey";
  }
  return "unknown";
}

size_t WriteDenied(const Frame& f, uint32_t id, ErrorCode code) {
  Builder b(id);
  auto d = b.root.initDenied();
  d.setCode(static_cast<s::ErrorCode>(code));
  d.setMessage(T(Message(code)));
  return b.Finish(f);
}

size_t WriteAuthMethods(const Frame& f, uint32_t id, bool public_key) {
  Builder b(id);
  auto list = b.root.initAuthMethods(AuthMethodCount());
  for (uint32_t i = 0; i < AuthMethodCount(); ++i) {
    const bool on = kAuthMethods[i].enabled || (public_key && i == uint32_t(LoginKind::kPublicKey));
    list[i].setName(T(kAuthMethods[i].name));
    list[i].setEnabled(on);
    list[i].setReason(T(on ? "" : kAuthMethods[i].reason));
  }
  return b.Finish(f);
}

size_t WriteChallenge(const Frame& f, uint32_t id, const uint8_t* nonce) {
  Builder b(id);
  auto c = b.root.initChallenge();
  c.setNonce(capnp::Data::Reader(nonce, kNonceBytes));
  c.setExporterLabel(T(kExporterLabel));
  return b.Finish(f);
}

size_t WriteSessionView(const Frame& f, uint32_t id, bool login, const Summary& sm, const char* tag,
                        const uint8_t* ticket) {
  Builder b(id);
  auto view = login ? b.root.initLoggedIn() : b.root.initSessionInfo();
  FillView(view, sm, tag);
  if (login && ticket != nullptr)
    view.setResumeTicket(capnp::Data::Reader(ticket, kResumeTicketBytes));
  return b.Finish(f);
}

size_t WriteCapSet(const Frame& f, uint32_t id, const CapSet& set) {
  Builder b(id);
  auto list = b.root.initCapSet(set.size());
  for (uint32_t i = 0; i < set.size(); ++i) FillEntry(list[i], set.At(i));
  return b.Finish(f);
}

size_t WriteCapSetEntry(const Frame& f, uint32_t id, const BundleEntry& e) {
  Builder b(id);
  FillEntry(b.root.initCapSetEntry(), e);
  return b.Finish(f);
}

size_t WriteLoggedOut(const Frame& f, uint32_t id) {
  Builder b(id);
  b.root.setLoggedOut();
  return b.Finish(f);
}

size_t WriteTranscript(const Frame& f, uint32_t id, const Transcript& t) {
  Builder b(id);
  // A leading "dropped" event says how many older events the ring lost.
  uint32_t extra = t.dropped() != 0 ? 1 : 0;
  auto list = b.root.initTranscript(t.size() + extra);
  if (extra != 0) {
    char detail[48];
    snprintf(detail, sizeof(detail), "%llu earlier events dropped",
             static_cast<unsigned long long>(t.dropped()));
    list[0].setSeq(0);
    list[0].setAtMs(t.size() != 0 ? t.At(0).at_ms : 0);
    list[0].setKind(T("dropped"));
    list[0].setDetail(T(detail));
    list[0].setOutcome(T("boundExceeded"));
  }
  for (uint32_t i = 0; i < t.size(); ++i) {
    const TranscriptEvent& e = t.At(i);
    auto out = list[i + extra];
    out.setSeq(e.seq);
    out.setAtMs(e.at_ms);
    out.setKind(T(e.kind));
    out.setDetail(T(e.detail));
    out.setOutcome(T(e.outcome));
  }
  return b.Finish(f);
}

size_t WriteCallSession(const Frame& f, uint32_t id, const Summary& sm, const char* tag) {
  Builder b(id);
  FillView(b.root.initCallResult().initSession(), sm, tag);
  return b.Finish(f);
}

size_t WriteCallText(const Frame& f, uint32_t id, const char* text, size_t len) {
  Builder b(id);
  b.root.initCallResult().setText(capnp::Text::Reader(text, len));
  return b.Finish(f);
}

size_t WriteChatNotSent(const Frame& f, uint32_t id, const char* reason) {
  Builder b(id);
  auto sent = b.root.initCallResult().initChatSent();
  sent.setSent(false);
  sent.setReason(T(reason));
  return b.Finish(f);
}

namespace {

namespace L = capos::layout;
namespace wire = capos::wire;

// The chat answers of a few words (join, leave, send) answer every chat
// line, right after the worker's answer arrived: an address-space switch
// later, when every page touched costs a TLB refill. So they skip capnp
// lite's builder: the wire codec writes them into this scratch (the frame
// behind the length prefix is not word-aligned), bytes as capnp writes
// them (session_calls_test.cc compares).
constexpr size_t kSmallAnswerBytes = 256;

size_t SmallChatAnswer(const Frame& f, uint32_t id, CallMethod method, const ChatReply& r) {
  StageTimer timer(Stage::kEncode);
  alignas(8) uint8_t scratch[kSmallAnswerBytes];
  wire::MessageBuilder b(scratch, sizeof(scratch));
  wire::StructBuilder root, result, answer;
  b.initRoot<L::Response>(&root);
  root.set(L::Response::kRequestId, id);
  root.set(L::Response::kDiscriminant, L::Response::kCallResultTag);
  root.initStruct<L::CallResult>(L::Response::kCallResult, &result);
  bool ok = r.status == ChatStatus::kOk;
  if (method == CallMethod::kChatJoin) {
    result.set(L::CallResult::kDiscriminant, L::CallResult::kChatJoinedTag);
    result.initStruct<L::ChatJoined>(L::CallResult::kChatJoined, &answer);
    // Never past the array, NUL or not.
    answer.setText(L::ChatJoined::kYou, r.you,
                   static_cast<uint32_t>(strnlen(r.you, sizeof(r.you) - 1)));
    answer.set(L::ChatJoined::kAlreadyMember, r.already_member);
  } else if (method == CallMethod::kChatLeave) {
    result.set(L::CallResult::kDiscriminant, L::CallResult::kChatLeftTag);
  } else {
    result.set(L::CallResult::kDiscriminant, L::CallResult::kChatSentTag);
    result.initStruct<L::ChatSent>(L::CallResult::kChatSent, &answer);
    answer.set(L::ChatSent::kSent, ok && r.sent);
    const char* reason = ok && r.sent ? "" : ok ? "notSent" : ChatStatusName(r.status);
    answer.setText(L::ChatSent::kReason, reason, static_cast<uint32_t>(strlen(reason)));
    answer.set(L::ChatSent::kSeq, ok ? r.seq : 0);
  }
  size_t len = 0;
  if (caprt::WireFinish(b, &len) != abi::Error::kOk || f.out == nullptr) return 0;
  // EncodeFrame's bounds: the buffer, and the frame limit.
  if (f.capacity <= kFrameHeaderBytes || len > f.capacity - kFrameHeaderBytes ||
      len > f.max_frame_bytes)
    return 0;
  for (uint32_t k = 0; k < kFrameHeaderBytes; ++k) f.out[k] = uint8_t(len >> (8 * k));
  memcpy(f.out + kFrameHeaderBytes, scratch, len);
  return len + kFrameHeaderBytes;
}

}  // namespace

size_t WriteChatResult(const Frame& f, uint32_t id, CallMethod method, const ChatReply& r) {
  if (method == CallMethod::kChatJoin || method == CallMethod::kChatLeave ||
      method == CallMethod::kChatSend)
    return SmallChatAnswer(f, id, method, r);
  // Lists (who, poll): capnp lite.
  Builder b(id);
  auto res = b.root.initCallResult();
  bool ok = r.status == ChatStatus::kOk;
  switch (method) {
    case CallMethod::kChatWho: {
      uint32_t n = ok ? (r.member_count < kMaxChatMembers ? r.member_count : kMaxChatMembers) : 0;
      auto names = res.initChatMembers(n);
      for (uint32_t i = 0; i < n; ++i) names.set(i, T(r.members[i]));
      break;
    }
    case CallMethod::kChatPoll: {
      auto m = res.initChatMessages();
      uint32_t n =
          ok ? (r.message_count < kMaxChatPollMessages ? r.message_count : kMaxChatPollMessages)
             : 0;
      auto list = m.initMessages(n);
      for (uint32_t i = 0; i < n; ++i) {
        list[i].setSeq(r.messages[i].seq);
        list[i].setFrom(T(r.messages[i].from));
        list[i].setText(T(r.messages[i].text));
      }
      m.setTruncated(r.truncated);
      m.setLatestSeq(r.latest_seq);
      break;
    }
    default:
      return 0;
  }
  return b.Finish(f);
}

}  // namespace remote_session
