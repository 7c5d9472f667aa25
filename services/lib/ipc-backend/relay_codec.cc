#include "services/lib/ipc-backend/relay_codec.h"

#include <capnp/blob.h>

#include "layout/chat.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/wire_msg.h"
#include "schema/worker.capnp.h"  // the schema's constants (compile time only)
#include "services/lib/remote-session/text.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
namespace wire = capos::wire;
using ChatWorker = capos::schema::ChatWorker;
using RelayParams = L::ChatWorker::RelayParams;
using RelayResults = L::ChatWorker::RelayResults;
// ServiceWorker's relay messages are laid out as ChatWorker's: one encoder
// and one reader serve both.
static_assert(L::ServiceWorker::RelayParams::kDataWords == RelayParams::kDataWords &&
              L::ServiceWorker::RelayParams::kPointerCount == RelayParams::kPointerCount &&
              L::ServiceWorker::RelayParams::kMethod.byteOffset ==
                  RelayParams::kMethod.byteOffset &&
              L::ServiceWorker::RelayParams::kParams.ptrIndex == RelayParams::kParams.ptrIndex);
static_assert(L::ServiceWorker::RelayResults::kPointerCount == RelayResults::kPointerCount &&
              L::ServiceWorker::RelayResults::kResults.ptrIndex == RelayResults::kResults.ptrIndex);

// One Chat params message at a time is built here before it is wrapped
// (the event loop is single-threaded). Sized for the largest a worker
// takes.
alignas(8) uint8_t inner_buf[ChatWorker::MAX_RELAY_BYTES];

// A parameterless method's params: an empty root struct, as Cap'n Proto
// writes it (a zero-sized struct at offset -1, so the root is not null).
alignas(8) const uint64_t kEmptyStruct[2] = {0x0000000100000000ull, 0x00000000fffffffcull};

uint32_t Finish(wire::MessageBuilder& b) {
  size_t n = 0;
  return caprt::WireFinish(b, &n) == abi::Error::kOk ? static_cast<uint32_t>(n) : 0;
}

uint32_t Wrap(uint16_t method, const void* params, uint32_t params_len, void* out, uint32_t cap) {
  wire::MessageBuilder b(out, cap);
  wire::StructBuilder p;
  b.initRoot<RelayParams>(&p);
  p.set(RelayParams::kMethod, method);
  p.setData(RelayParams::kParams, params, params_len);
  return Finish(b);
}

// A text the wire reader handed out: NUL-terminated at t[n].
capnp::Text::Reader Text(const char* t, uint32_t n) {
  return capnp::Text::Reader(t, n);
}

}  // namespace

uint32_t EncodeChatParams(const rs::ChatRequest& r, void* out, uint32_t cap) {
  wire::MessageBuilder b(out, cap);
  wire::StructBuilder p;
  switch (r.op) {
    case rs::ChatOp::kJoin:
    case rs::ChatOp::kLeave:
    case rs::ChatOp::kWho:
      if (cap < sizeof(kEmptyStruct)) return 0;
      __builtin_memcpy(out, kEmptyStruct, sizeof(kEmptyStruct));
      return sizeof(kEmptyStruct);
    case rs::ChatOp::kSend:
      b.initRoot<L::Chat::SendParams>(&p);
      p.setText(L::Chat::SendParams::kText, r.text ? r.text : "",
                r.text ? static_cast<uint32_t>(r.text_len) : 0);
      break;
    case rs::ChatOp::kPoll:
      b.initRoot<L::Chat::PollParams>(&p);
      p.set(L::Chat::PollParams::kSinceSeq, r.since_seq);
      p.set(L::Chat::PollParams::kLimit, r.limit);
      break;
  }
  return Finish(b);
}

uint32_t EncodeRelayParams(const rs::ChatRequest& request, void* out, uint32_t cap) {
  uint32_t inner = EncodeChatParams(request, inner_buf, sizeof(inner_buf));
  if (inner == 0) return 0;
  // ChatOp numbering == Chat ordinals.
  return Wrap(static_cast<uint16_t>(request.op), inner_buf, inner, out, cap);
}

uint32_t EncodeServiceRelayParams(uint16_t method, const void* params, uint32_t params_len,
                                  void* out, uint32_t cap) {
  return Wrap(method, params, params_len, out, cap);
}

bool ReadRelayResults(const void* data, uint32_t len, uint32_t max_len, const uint8_t** results,
                      uint32_t* results_len) {
  // Unaligned, it would be read from WireIn's copy, gone on return.
  if (reinterpret_cast<uintptr_t>(data) % 8 != 0) return false;
  caprt::WireIn in;
  const uint8_t* d = nullptr;
  uint32_t n = 0;
  if (in.Open(data, len) == abi::Error::kOk) in.root().data(RelayResults::kResults, &d, &n);
  if (!in.ok() || n > max_len || n % 8 != 0) return false;
  *results = d;
  *results_len = n;
  return true;
}

bool DecodeChatResults(rs::ChatOp op, const void* data, uint32_t len, rs::ChatReply* out) {
  caprt::WireIn in;
  if (in.Open(data, len) != abi::Error::kOk) return false;
  const wire::StructReader& r = in.root();
  uint16_t status = 0;
  const char* t;
  uint32_t n;
  switch (op) {
    case rs::ChatOp::kJoin:
      status = r.get(L::Chat::JoinResults::kStatus);
      out->already_member = r.get(L::Chat::JoinResults::kAlreadyMember);
      r.text(L::Chat::JoinResults::kYou, &t, &n);
      rs::CopyText(Text(t, n), out->you, sizeof(out->you));
      break;
    case rs::ChatOp::kLeave:
      status = r.get(L::Chat::LeaveResults::kStatus);
      break;
    case rs::ChatOp::kSend:
      out->sent = r.get(L::Chat::SendResults::kSent);
      status = r.get(L::Chat::SendResults::kStatus);
      out->seq = r.get(L::Chat::SendResults::kSeq);
      break;
    case rs::ChatOp::kWho: {
      using W = L::Chat::WhoResults;
      status = r.get(W::kStatus);
      r.text(W::kYou, &t, &n);
      rs::CopyText(Text(t, n), out->you, sizeof(out->you));
      wire::ListReader m;
      r.list(W::kMembers, &m);
      // List(Text) is a list of pointers, or (Cap'n Proto reads it so too)
      // of structs that have one; a list of bytes or numbers is not.
      bool pointers = m.elementSize() == wire::ElementSize::kPointer ||
                      (m.elementSize() == wire::ElementSize::kComposite &&
                       (m.size() == 0 || m.get(0).pointerCount() != 0));
      if (!pointers && !r.isNull(W::kMembers.ptrIndex)) return false;
      out->member_count = 0;
      for (uint32_t i = 0; i < m.size() && i < rs::kMaxChatMembers; ++i) {
        m.text(i, &t, &n);
        rs::CopyText(Text(t, n), out->members[i], sizeof(out->members[i]));
        ++out->member_count;
      }
      break;
    }
    case rs::ChatOp::kPoll: {
      using P = L::Chat::PollResults;
      using M = L::Chat::Message;
      status = r.get(P::kStatus);
      out->truncated = r.get(P::kTruncated);
      out->latest_seq = r.get(P::kLatestSeq);
      wire::ListReader m;
      r.structList(P::kMessages, &m);
      out->message_count = 0;
      for (uint32_t i = 0; i < m.size() && i < rs::kMaxChatPollMessages; ++i) {
        wire::StructReader e = m.get(i);
        rs::ChatMessage& cm = out->messages[i];
        cm.seq = e.get(M::kSeq);
        e.text(M::kFrom, &t, &n);
        rs::CopyText(Text(t, n), cm.from, sizeof(cm.from));
        e.text(M::kText, &t, &n);
        rs::CopyText(Text(t, n), cm.text, sizeof(cm.text));
        ++out->message_count;
      }
      break;
    }
  }
  // A status this side does not know is an answer it cannot read.
  if (!in.ok() || status > static_cast<uint16_t>(rs::ChatStatus::kInvalidText)) return false;
  out->status = static_cast<rs::ChatStatus>(status);
  return true;
}

rs::BackendStatus DecodeRelayReply(rs::ChatOp op, int32_t status, const void* data, uint32_t len,
                                   rs::ChatReply* reply) {
  if (status == -int32_t(abi::Error::kStaleSession)) return rs::BackendStatus::kStale;
  // The control endpoint's owner (the worker) is gone.
  if (status == -int32_t(abi::Error::kDisconnected)) return rs::BackendStatus::kWorkerGone;
  if (status != 0) return rs::BackendStatus::kUnavailable;
  // The Chat results are read where they lie in the relay answer.
  const uint8_t* inner = nullptr;
  uint32_t inner_len = 0;
  if (!ReadRelayResults(data, len, ChatWorker::MAX_RELAY_BYTES, &inner, &inner_len) ||
      inner_len == 0 || !DecodeChatResults(op, inner, inner_len, reply)) {
    return rs::BackendStatus::kUnavailable;
  }
  return rs::BackendStatus::kOk;
}

}  // namespace ipc_backend
