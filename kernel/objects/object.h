// Kernel objects: the things caps point at. Each object type implements one
// Cap'n Proto interface from schema/kernel.capnp; call() decodes the params
// message, does the work and encodes the results message.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/lib/capnp_wire.h"

struct Process;

namespace kobj {

// One CALL as the object sees it. params/result are kernel buffers (8-byte
// aligned): the ring copied the params in and copies the result out.
struct CallCtx {
  Process* caller;
  uint16_t method;
  uint64_t user_data;
  const uint8_t* params;
  uint32_t params_len;
  uint8_t* result;
  uint32_t result_cap;  // what the caller's buffer can take
  uint32_t result_len = 0;
  bool pending = false;  // the object will post the CQE later (async)
};

class Object {
 public:
  virtual uint64_t interface_id() const = 0;
  // kOk with ctx.result_len set (or ctx.pending), or the typed error.
  virtual abi::Error call(CallCtx& ctx) = 0;

 protected:
  ~Object() = default;
};

// Decodes ctx.params. Empty params read as the default struct (every field
// at its default); anything undecodable is kMalformedMessage.
abi::Error open_params(const CallCtx& ctx, capos::wire::Message& msg,
                       capos::wire::StructReader* root);
// Checks a reader's sticky status after field reads.
inline abi::Error params_status(const capos::wire::Message& msg) {
  return msg.ok() ? abi::Error::kOk : abi::Error::kMalformedMessage;
}
// Finishes a results message built in ctx.result.
abi::Error finish_result(CallCtx& ctx, capos::wire::MessageBuilder& b);
// Results of a method with no result fields: nothing if the caller gave no
// buffer, else an empty struct message.
abi::Error empty_result(CallCtx& ctx);

}  // namespace kobj
