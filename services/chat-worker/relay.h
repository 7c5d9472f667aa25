// The chat-worker's relay: decodes one ChatWorker.relay call, performs the
// Chat call through a caller-supplied function (the IPC in the guest, a fake
// in host tests) and encodes the results. Pure: no ring, no globals.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"

namespace chat_worker {

// Chat's method ordinals are 0..kMaxChatMethod (schema/chat.capnp).
inline constexpr uint16_t kMaxChatMethod = 4;
// Chat results need at most this much (Chat.minResultBytes is the floor).
inline constexpr uint32_t kChatReplyBytes = 4096;

// One Chat call: method, params message, result buffer (8-byte aligned).
// Returns kOk and the result length in *len, or the call's error.
using ChatCallFn = abi::Error (*)(void* ctx, uint16_t method, const void* params,
                                  uint32_t params_len, void* reply, uint32_t reply_cap,
                                  uint32_t* len);

struct RelayOutcome {
  abi::Error status = abi::Error::kOk;  // what the worker RETURNs
  uint32_t len = 0;                     // results bytes in `out` when kOk
  uint16_t method = 0;                  // the Chat method (for the log line)
};

// Decodes `params` (a ChatWorker.relay params message, untrusted bytes),
// calls `call` and writes the RelayResults message into out[0, out_cap)
// (8-byte aligned). Errors: kMalformedMessage for undecodable params or an
// oversized inner message, kBadMethod for a method outside Chat's, the
// call's own error, kResultTooSmall if out cannot hold the results.
RelayOutcome Relay(const void* params, uint32_t params_len, ChatCallFn call, void* ctx, void* out,
                   uint32_t out_cap);

}  // namespace chat_worker
