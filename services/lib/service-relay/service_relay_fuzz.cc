// libFuzzer target: hostile ServiceWorker.relay params must give a typed
// error or a bounded results message, never a crash or a call outside the
// relayable range. The relay reads with the wire codec; Cap'n Proto's own
// reader (through the glue) is the reference: the relay may serve only
// what the reference accepts, with exactly the method and params bytes the
// reference reads, and the results it writes must read back as what the
// service answered.
#include <capnp/message.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "libcaprt/capnp_glue.h"
#include "schema/worker.capnp.h"
#include "services/lib/service-relay/service_relay.h"

namespace {

using Schema = capos::schema::ServiceWorker;
constexpr uint16_t kRelayMethods = 9;

struct Seen {
  bool called = false;
  uint16_t method = 0;
  std::vector<uint8_t> params;
};
Seen seen;

abi::Error Echo(void*, uint16_t method, const void* params, uint32_t len, void* reply, uint32_t cap,
                uint32_t* out_len) {
  if (method >= kRelayMethods) __builtin_trap();
  seen.called = true;
  seen.method = method;
  seen.params.assign(static_cast<const uint8_t*>(params),
                     static_cast<const uint8_t*>(params) + len);
  uint32_t n = len < cap ? len : cap;
  memcpy(reply, params, n);
  *out_len = n;
  return abi::Error::kOk;
}

void Check(bool ok) {
  if (!ok) abort();
}

alignas(8) uint8_t in[1 << 16];
alignas(8) uint8_t out[service_relay::kMaxResultsBytes];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > sizeof(in)) return 0;
  memcpy(in, data, size);
  seen = Seen();
  service_relay::Target t;
  t.relay_methods = kRelayMethods;
  t.call = Echo;
  service_relay::Outcome o =
      service_relay::Relay(in, static_cast<uint32_t>(size), t, out, sizeof(out));
  if (o.status == abi::Error::kOk && o.len > sizeof(out)) __builtin_trap();

  // The reference's reading of the same bytes.
  uint16_t method = 0;
  std::vector<uint8_t> params;
  caprt::DecodeResult ref =
      caprt::Decode<Schema::RelayParams>(in, size, [&](Schema::RelayParams::Reader r) {
        method = r.getMethod();
        auto d = r.getParams();
        params.assign(d.begin(), d.end());
      });
  if (seen.called) {
    Check(ref.ok() && seen.method == method && seen.params == params);
  }
  if (!ref.ok()) Check(!seen.called && o.status == abi::Error::kMalformedMessage);
  if (o.status == abi::Error::kOk) {
    std::vector<uint8_t> results;
    caprt::DecodeResult back =
        caprt::Decode<Schema::RelayResults>(out, o.len, [&](Schema::RelayResults::Reader r) {
          auto d = r.getResults();
          results.assign(d.begin(), d.end());
        });
    Check(back.ok() && results == seen.params);
  }
  return 0;
}
