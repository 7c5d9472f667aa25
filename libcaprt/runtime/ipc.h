// Calls that carry caps, and the serving side of endpoints.
//
// Caps travel beside messages (kernel-abi/abi.h): a call lists CapTransfer
// entries; a reply (or a received call) ends with CapDescriptors, which a
// message names by index. Everything here returns typed errors; nothing
// aborts on a hostile peer.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

// A cap to send: copy (default) or move, with rights narrowed to `rights`.
inline abi::CapTransfer Send(const Cap& c, uint32_t rights = abi::kRightsAll,
                             abi::TransferMode mode = abi::TransferMode::kCopy) {
  return abi::CapTransfer{c.slot, c.generation, rights, static_cast<uint8_t>(mode), {0, 0, 0}};
}

struct CallOptions {
  const abi::CapTransfer* caps = nullptr;
  uint16_t caps_count = 0;
  uint16_t timeout_ms = 0;  // 0 = wait as long as it takes
};

// A reply in the caller's buffer: `len` message bytes, then `caps`
// descriptors at the next 8-byte boundary.
struct Reply {
  uint32_t len = 0;
  uint16_t caps = 0;
};

// CALL with caps and/or a timeout. `result` must be 8-byte aligned.
Result<Reply> CallWith(const Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                       void* result, uint32_t result_cap, const CallOptions& options = {});

// The i-th cap received in a reply (kBadSlot if out of range).
Result<Cap> ReplyCap(const void* result, const Reply& reply, uint16_t i);

// One incoming call, valid until the next Serve step.
struct Incoming {
  const abi::RecvHeader* header;
  const uint8_t* params;
  uint32_t params_len;
  const abi::CapDescriptor* caps;
  uint16_t caps_count;
  Result<Cap> cap(uint16_t i) const;
};

// What a handler answers: a results message (or an error) and caps to send.
struct Answer {
  abi::Error status = abi::Error::kOk;
  uint32_t len = 0;
  abi::CapTransfer caps[abi::kMaxTransferCaps];
  uint16_t caps_count = 0;
};

using Handler = void (*)(void* ctx, const Incoming& in, uint8_t* out, uint32_t out_cap,
                         Answer* answer);

// Serves up to kMaxEndpoints endpoints (owner facets) from one loop: keeps a
// RECV posted on each, runs the handler, RETURNs. Other CQEs that arrive
// (completions of calls the handlers make) are left to their waiters.
class Server {
 public:
  static constexpr int kMaxEndpoints = 8;
  static constexpr uint32_t kBufferBytes = 16 * 1024;

  // Registers an owner cap; false if full.
  bool Add(const Cap& owner, Handler handler, void* ctx);
  // Serves until `stop` becomes true (checked between calls) or an
  // endpoint fails hard; returns the error that ended it (kOk on stop).
  abi::Error Run(const volatile bool* stop = nullptr);
  // One step: waits at most timeout_ns for a call and answers it.
  abi::Error Step(uint64_t timeout_ns);

 private:
  struct Slot {
    Cap owner;
    Handler handler;
    void* ctx;
    uint64_t recv_user_data;
    bool posted;
    alignas(16) uint8_t buf[kBufferBytes];
  };
  abi::Error Post(Slot& s);
  abi::Error Handle(Slot& s, const abi::Cqe& cqe);

  Slot slots_[kMaxEndpoints];
  int count_ = 0;
  Answer answer_;  // the last RETURN's, read by the kernel at the next cap_enter
  // That RETURN: its user_data, and the SQ count that includes it (until
  // the kernel has taken it, its own CQE is still to come).
  bool returning_ = false;
  uint64_t return_user_data_ = 0;
  uint32_t return_queued_ = 0;
  alignas(16) uint8_t out_[kBufferBytes];
};

// RETURN of a call token, waiting for its CQE (for servers that answer
// out of order and want the outcome).
Status Return(const Cap& owner, uint64_t token, const Answer& answer, const void* results);
// The RETURN SQE itself; `answer`'s caps and `results` must stay valid
// until the kernel has taken it (the next cap_enter).
abi::Sqe ReturnSqe(const Cap& owner, uint64_t token, const Answer& answer, const void* results,
                   uint64_t user_data);

}  // namespace caprt
