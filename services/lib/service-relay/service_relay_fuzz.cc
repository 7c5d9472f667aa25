// libFuzzer target: hostile ServiceWorker.relay params must give a typed
// error or a bounded results message, never a crash or a call outside the
// relayable range.
#include <stdint.h>
#include <string.h>

#include "services/lib/service-relay/service_relay.h"

namespace {

constexpr uint16_t kRelayMethods = 9;

abi::Error Echo(void*, uint16_t method, const void* params, uint32_t len, void* reply, uint32_t cap,
                uint32_t* out_len) {
  if (method >= kRelayMethods) __builtin_trap();
  uint32_t n = len < cap ? len : cap;
  memcpy(reply, params, n);
  *out_len = n;
  return abi::Error::kOk;
}

alignas(8) uint8_t in[1 << 16];
alignas(8) uint8_t out[service_relay::kMaxResultsBytes];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > sizeof(in)) return 0;
  memcpy(in, data, size);
  service_relay::Target t;
  t.relay_methods = kRelayMethods;
  t.call = Echo;
  service_relay::Outcome o =
      service_relay::Relay(in, static_cast<uint32_t>(size), t, out, sizeof(out));
  if (o.status == abi::Error::kOk && o.len > sizeof(out)) __builtin_trap();
  return 0;
}
