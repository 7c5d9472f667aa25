#include "services/lib/service-relay/service_relay.h"

#include "layout/worker.capnp.layout.h"
#include "libcaprt/wire_msg.h"
#include "schema/worker.capnp.h"  // the schema's constants (compile time only)

namespace service_relay {
namespace {

namespace wire = capos::wire;
// ChatWorker's relay messages are ServiceWorker's (asserted in
// session_worker.cc): one decoder serves both.
using Params = capos::layout::ServiceWorker::RelayParams;
using Results = capos::layout::ServiceWorker::RelayResults;
static_assert(capos::schema::ServiceWorker::MAX_RELAY_BYTES == kMaxParamsBytes);
// What RelayResults adds around its results: framing, root pointer, the
// struct's one pointer (kMaxResultsBytes leaves that room).
static_assert(Results::kDataWords == 0 && Results::kPointerCount == 1);
constexpr uint32_t kResultsHeaderBytes = 8 + 8 + 8;
static_assert(kMaxReplyBytes + kResultsHeaderBytes <= kMaxResultsBytes);

// The reply lands here before it is wrapped. The inner params are passed
// on where they are: a Data blob of a word-aligned message is itself
// word-aligned, as the target's own decoder wants it.
alignas(8) uint8_t reply[kMaxReplyBytes];
// What an empty (null) params blob is passed on as.
alignas(8) const uint8_t kNoParams[8] = {};

}  // namespace

// One segment of one word: a struct pointer with offset -1 and no fields.
const uint64_t kEmptyParams[2] = {0x0000000100000000ull, 0x00000000fffffffcull};

Outcome Relay(const void* params, uint32_t params_len, const Target& target, void* out,
              uint32_t out_cap) {
  Outcome o;
  caprt::WireIn in;
  const uint8_t* inner = nullptr;
  uint32_t inner_len = 0;
  if (in.Open(params, params_len) == abi::Error::kOk) {
    o.method = in.root().get(Params::kMethod);
    in.root().data(Params::kParams, &inner, &inner_len);
  }
  if (!in.ok() || inner_len > kMaxParamsBytes || inner_len % 8 != 0) {
    o.status = abi::Error::kMalformedMessage;
    return o;
  }
  if (o.method >= target.relay_methods || target.call == nullptr) {
    o.status = abi::Error::kBadMethod;
    return o;
  }
  uint32_t len = 0;
  o.status = target.call(target.ctx, o.method, inner_len != 0 ? inner : kNoParams, inner_len, reply,
                         sizeof(reply), &len);
  if (o.status != abi::Error::kOk) return o;
  if (len > sizeof(reply)) {
    o.status = abi::Error::kMalformedMessage;
    return o;
  }
  // Written in place: the builder zeroes and fills only the words it uses.
  wire::MessageBuilder b(out, out_cap);
  wire::StructBuilder root;
  b.initRoot<Results>(&root);
  root.setData(Results::kResults, reply, len);
  size_t n = 0;
  o.status = caprt::WireFinish(b, &n);
  o.len = static_cast<uint32_t>(n);
  return o;
}

}  // namespace service_relay
