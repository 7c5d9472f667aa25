// Kernel objects: the things caps point at. Each object type implements one
// Cap'n Proto interface from schema/kernel.capnp; call() decodes the params
// message, does the work and encodes the results message.
//
// Lifetime: every cap in a table, and every cap riding in an in-flight
// transfer, holds one reference with its facet rights. Static singletons
// (Console, Timer, ...) ignore references; dynamic objects (endpoints,
// session cells, process handles) free themselves on the last unref.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/cap/cap_table.h"
#include "kernel/lib/capnp_wire.h"

struct Process;

namespace kobj {

class Endpoint;

inline constexpr uint16_t kMaxOutCaps = 4;

// One CALL as the object sees it. params/result are kernel buffers (8-byte
// aligned): the ring copied the params in and copies the result out.
struct CallCtx {
  Process* caller;
  uint16_t method;
  uint64_t user_data;
  const uint8_t* params;
  uint32_t params_len;
  uint8_t* result;
  uint32_t result_cap;                  // what the caller's buffer can take
  uint64_t result_addr = 0;             // the caller's buffer (user VA), for async completions
  const cap::Entry* in_caps = nullptr;  // caps sent with the call (refs held by the ring)
  uint16_t in_count = 0;
  uint32_t result_len = 0;
  bool pending = false;              // the object will post the CQE later (async)
  cap::Entry out_caps[kMaxOutCaps];  // caps returned; each holds a reference
  uint16_t out_count = 0;
};

class Object {
 public:
  virtual uint64_t interface_id() const = 0;
  // kOk with ctx.result_len set (or ctx.pending), or the typed error.
  virtual abi::Error call(CallCtx& ctx) = 0;
  virtual Endpoint* as_endpoint() { return nullptr; }

  void ref(uint32_t rights);
  void unref(uint32_t rights);

 protected:
  ~Object() = default;
  virtual void on_ref(uint32_t rights) {}
  virtual void on_unref(uint32_t rights) {}  // e.g. the last owner facet went away
  virtual void destroy() {}                  // last reference: dynamic objects free here
  uint32_t refs_ = 0;
};

// Dynamic kernel objects alive now (Diagnostics.stats; leak tests).
uint32_t live_objects();
void count_object(int delta);

// Default facet rights of a kernel-object cap (call, transfer).
inline constexpr uint32_t kDefaultRights = abi::kRightCall | abi::kRightTransfer;

// Decodes ctx.params. Empty params read as the default struct (every field
// at its default); anything undecodable is kMalformedMessage.
abi::Error open_params(const CallCtx& ctx, capos::wire::Message& msg,
                       capos::wire::StructReader* root);
inline abi::Error params_status(const capos::wire::Message& msg) {
  return msg.ok() ? abi::Error::kOk : abi::Error::kMalformedMessage;
}
// Finishes a results message built in ctx.result.
abi::Error finish_result(CallCtx& ctx, capos::wire::MessageBuilder& b);
// Results of a method with no result fields: nothing if the caller gave no
// buffer, else an empty struct message.
abi::Error empty_result(CallCtx& ctx);
// Adds a returned cap (takes a new reference); false when full.
bool return_cap(CallCtx& ctx, Object* obj, uint32_t rights);
// The sent cap at `index` if it implements `interface_id` and has `rights`.
abi::Error sent_cap(const CallCtx& ctx, int32_t index, uint64_t interface_id, uint32_t rights,
                    Object** out);

}  // namespace kobj
