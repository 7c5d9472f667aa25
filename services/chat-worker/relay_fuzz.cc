// libFuzzer target: hostile ChatWorker.relay params must give a typed error
// or a bounded results message, never a crash.
#include <stdint.h>
#include <string.h>

#include "services/chat-worker/relay.h"

namespace {

abi::Error Echo(void*, uint16_t, const void* params, uint32_t len, void* reply, uint32_t cap,
                uint32_t* out_len) {
  uint32_t n = len < cap ? len : cap;
  memcpy(reply, params, n);
  *out_len = n;
  return abi::Error::kOk;
}

alignas(8) uint8_t in[1 << 16];
alignas(8) uint8_t out[1 << 14];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > sizeof(in)) return 0;
  memcpy(in, data, size);
  chat_worker::RelayOutcome o =
      chat_worker::Relay(in, static_cast<uint32_t>(size), Echo, nullptr, out, sizeof(out));
  if (o.status == abi::Error::kOk && o.len > sizeof(out)) __builtin_trap();
  return 0;
}
