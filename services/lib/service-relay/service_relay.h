// The relay of a per-session game worker (ServiceWorker.relay in
// schema/worker.capnp): decodes one relay call, checks the method against
// the target service's relayable range, performs the call through a
// caller-supplied function (the IPC in the guest, a fake in host tests)
// and wraps the results. Pure: no ring; one static scratch area, so not
// reentrant (a worker serves one call at a time).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"

namespace service_relay {

// Inner params bound (ServiceWorker.maxRelayBytes; asserted in the .cc).
inline constexpr uint32_t kMaxParamsBytes = 4096;
// Inner results bound: the game services answer a View of a few KiB and
// ask for at least minResultBytes (4096); twice that leaves them room.
inline constexpr uint32_t kMaxReplyBytes = 8192;
// A RelayResults message around kMaxReplyBytes of results: framing, root
// pointer, the struct's one pointer.
inline constexpr uint32_t kMaxResultsBytes = kMaxReplyBytes + 32;

// One call on the target service: method, params message, result buffer
// (8-byte aligned). Returns kOk and the result length in *len, or the
// call's error.
using CallFn = abi::Error (*)(void* ctx, uint16_t method, const void* params, uint32_t params_len,
                              void* reply, uint32_t reply_cap, uint32_t* len);

struct Target {
  // Methods 0..relay_methods-1 are relayed; the rest (the session-ending
  // method the worker itself calls at shutdown, and unknown ones) are not.
  uint16_t relay_methods = 0;
  CallFn call = nullptr;
  void* ctx = nullptr;
};

struct Outcome {
  abi::Error status = abi::Error::kOk;  // what the worker RETURNs
  uint32_t len = 0;                     // results bytes in `out` when kOk
  uint16_t method = 0;                  // the target method (for a log line)
};

// Decodes `params` (ServiceWorker.relay params, untrusted bytes), calls the
// target and writes RelayResults into out[0, out_cap) (8-byte aligned).
// Errors: kMalformedMessage for undecodable params, inner params over
// kMaxParamsBytes or not whole words, or inner results over
// kMaxReplyBytes; kBadMethod outside the relayable range (the target is
// not called); the call's own error; kResultTooSmall if `out` cannot hold
// the results.
Outcome Relay(const void* params, uint32_t params_len, const Target& target, void* out,
              uint32_t out_cap);

// A params message for a parameterless method (an empty root struct), as
// Cap'n Proto itself encodes it: for the worker's own session-ending call.
inline constexpr uint32_t kEmptyParamsBytes = 16;
extern const uint64_t kEmptyParams[2];

}  // namespace service_relay
