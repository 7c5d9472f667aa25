// The front end's side of a worker relay's messages (schema/worker.capnp,
// and Chat's own inside it), pure so host tests cover it: encoding
// RelayParams around a Chat or service params message, and reading
// RelayResults and the Chat results inside them.
//
// Every chat line and every game move of a session is one relay, so these
// use the kernel's wire codec (libcaprt/wire_msg.h) rather than capnp lite:
// messages are built straight into the slot's params buffer and answers
// are read where the kernel put them. The bytes are the ones Cap'n Proto
// writes, and an answer Cap'n Proto's reader refuses is refused here too.
// Buffers are 8-byte aligned.
#pragma once

#include <stdint.h>

#include "services/lib/remote-session/types.h"

namespace ipc_backend {

// Encodes the Chat params message for `request` into out[0, cap); returns
// its length, or 0 if it does not fit.
uint32_t EncodeChatParams(const remote_session::ChatRequest& request, void* out, uint32_t cap);
// Encodes ChatWorker.relay params for `request` into out[0, cap); returns
// the length, or 0 if it does not fit.
uint32_t EncodeRelayParams(const remote_session::ChatRequest& request, void* out, uint32_t cap);
// ServiceWorker.relay params (the same layout) around a service's own
// params message params[0, params_len): the length, or 0.
uint32_t EncodeServiceRelayParams(uint16_t method, const void* params, uint32_t params_len,
                                  void* out, uint32_t cap);

// Reads a RelayResults message in data[0, len): its results blob, in
// place (word-aligned: a Data blob of an aligned message is), through
// *results and *results_len. False if the message is bad, or the blob is
// longer than max_len or not whole words.
bool ReadRelayResults(const void* data, uint32_t len, uint32_t max_len, const uint8_t** results,
                      uint32_t* results_len);

// The outcome of one relay CALL: its CQE status and the RelayResults message
// in data[0, len). kStale for staleSession, kWorkerGone for a dead control
// endpoint, kUnavailable for any other error or an undecodable answer, else
// kOk with *reply filled.
remote_session::BackendStatus DecodeRelayReply(remote_session::ChatOp op, int32_t status,
                                               const void* data, uint32_t len,
                                               remote_session::ChatReply* reply);
// Decodes the Chat results of `op` into *reply (only the fields `op` has;
// the rest are left alone); false for a bad message.
bool DecodeChatResults(remote_session::ChatOp op, const void* data, uint32_t len,
                       remote_session::ChatReply* reply);

}  // namespace ipc_backend
