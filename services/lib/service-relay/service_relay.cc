#include "services/lib/service-relay/service_relay.h"

#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/worker.capnp.h"

namespace service_relay {
namespace {

using Schema = capos::schema::ServiceWorker;
static_assert(Schema::MAX_RELAY_BYTES == kMaxParamsBytes);

// Inner params are copied here so the call sees 8-byte aligned words; the
// reply lands here before it is wrapped.
alignas(8) uint8_t inner[kMaxParamsBytes];
alignas(8) uint8_t reply[kMaxReplyBytes];

}  // namespace

// One segment of one word: a struct pointer with offset -1 and no fields.
const uint64_t kEmptyParams[2] = {0x0000000100000000ull, 0x00000000fffffffcull};

Outcome Relay(const void* params, uint32_t params_len, const Target& target, void* out,
              uint32_t out_cap) {
  Outcome o;
  uint32_t inner_len = 0;
  bool bad_inner = false;
  caprt::DecodeResult d =
      caprt::Decode<Schema::RelayParams>(params, params_len, [&](Schema::RelayParams::Reader r) {
        o.method = r.getMethod();
        auto data = r.getParams();
        if (data.size() > sizeof(inner) || data.size() % 8 != 0) {
          bad_inner = true;
          return;
        }
        memcpy(inner, data.begin(), data.size());
        inner_len = static_cast<uint32_t>(data.size());
      });
  if (!d.ok() || bad_inner) {
    o.status = abi::Error::kMalformedMessage;
    return o;
  }
  if (o.method >= target.relay_methods || target.call == nullptr) {
    o.status = abi::Error::kBadMethod;
    return o;
  }
  uint32_t len = 0;
  o.status = target.call(target.ctx, o.method, inner, inner_len, reply, sizeof(reply), &len);
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
  o.status = e.error;
  o.len = e.error == abi::Error::kOk ? static_cast<uint32_t>(e.length) : 0;
  return o;
}

}  // namespace service_relay
