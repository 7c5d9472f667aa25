#include "services/chat-worker/relay.h"

#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/worker.capnp.h"

namespace chat_worker {
namespace {

using Schema = capos::schema::ChatWorker;

// Inner params are copied here so the Chat call sees 8-byte aligned words.
alignas(8) uint8_t inner[Schema::MAX_RELAY_BYTES];
alignas(8) uint8_t reply[kChatReplyBytes];

}  // namespace

RelayOutcome Relay(const void* params, uint32_t params_len, ChatCallFn call, void* ctx, void* out,
                   uint32_t out_cap) {
  RelayOutcome o;
  uint32_t inner_len = 0;
  bool too_big = false;
  caprt::DecodeResult d =
      caprt::Decode<Schema::RelayParams>(params, params_len, [&](Schema::RelayParams::Reader r) {
        o.method = r.getMethod();
        auto data = r.getParams();
        if (data.size() > sizeof(inner) || data.size() % 8 != 0) {
          too_big = true;
          return;
        }
        memcpy(inner, data.begin(), data.size());
        inner_len = static_cast<uint32_t>(data.size());
      });
  if (!d.ok() || too_big) {
    o.status = abi::Error::kMalformedMessage;
    return o;
  }
  if (o.method > kMaxChatMethod) {
    o.status = abi::Error::kBadMethod;
    return o;
  }
  uint32_t len = 0;
  o.status = call(ctx, o.method, inner, inner_len, reply, sizeof(reply), &len);
  if (o.status != abi::Error::kOk) return o;
  if (len > sizeof(reply)) {
    o.status = abi::Error::kMalformedMessage;
    return o;
  }
  // One first segment sized to these results holds them (a bound-sized one
  // would be zeroed on every relay).
  capnp::MallocMessageBuilder b(len / 8 + 16);
  b.initRoot<Schema::RelayResults>().setResults(kj::arrayPtr(reply, len));
  caprt::EncodeResult e = caprt::EncodeMessage(b, out, out_cap);
  if (e.error != abi::Error::kOk) {
    o.status = e.error;
    return o;
  }
  size_t bytes = e.length;
  o.len = static_cast<uint32_t>(bytes);
  return o;
}

}  // namespace chat_worker
