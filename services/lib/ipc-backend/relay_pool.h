// Asynchronous ChatWorker.relay calls: a front end's in-flight worker calls,
// each with its own params/reply buffers and a user_data tag that names its
// slot, so the event loop can route the CQE back to the connection that
// made it (by connection event id) and that connection's
// Session::CompleteChat.
//
// Slot life: free -> in flight (CALL submitted) -> done (CQE seen, answer
// still in the slot's reply buffer) -> free (Take or Discard). A slot is
// reused only after its CQE, so the kernel never writes into a buffer that
// has been handed to another call. Teardown cancels a session's in-flight
// calls (CANCEL SQE); their kCancelled CQEs still come back here.
//
// Bound: kMaxRelays at once, front-end-wide; one more is boundExceeded. With
// the loop's accept + one recv and one send per connection (1 + 2 * 72) and
// one synchronous backend call, 32 keeps the process under ring::kMaxAsync
// (192).
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/ring.h"
#include "services/lib/remote-session/types.h"

namespace ipc_backend {

inline constexpr uint32_t kMaxRelays = 32;
// ChatWorker/ServiceWorker.maxRelayBytes of params; a game's results (its
// whole View) may be twice that.
inline constexpr uint32_t kRelayBufferBytes = 8192 + 256;

class RelayPool {
 public:
  // The CQE of a relay CALL or of a CANCEL this pool submitted.
  static bool Owns(uint64_t user_data);

  // Submits one relay CALL on `control` for connection `event`, core tag
  // `call_tag`. kPending on success; kBoundExceeded when every slot is in
  // use; kUnavailable if the request cannot be encoded.
  remote_session::BackendStatus Submit(const caprt::Cap& control, uint64_t session, uint64_t event,
                                       uint32_t call_tag, const remote_session::ChatRequest& req);

  // A CQE with Owns(): marks its call done. Returns the slot, or -1 (a
  // CANCEL's own CQE, or a tag that names no in-flight call).
  int Complete(const abi::Cqe& cqe);

  // The same for a call on a launched service through its worker
  // (ServiceWorker.relay of `method` with the service's params message).
  remote_session::BackendStatus SubmitService(const caprt::Cap& control, uint64_t session,
                                              uint64_t event, uint32_t call_tag, uint16_t method,
                                              const void* params, uint32_t params_len);
  bool IsService(int slot) const { return slots_[slot].service; }
  // Takes a done service call: the service's results message is copied to
  // out[0, *len) (8-byte aligned); frees the slot, returns the core's tag.
  uint32_t TakeService(int slot, remote_session::BackendStatus* status, void* out, uint32_t cap,
                       uint32_t* len);
  uint64_t event(int slot) const { return slots_[slot].event; }

  // The oldest-indexed done slot of connection `event`, or -1.
  int NextDone(uint64_t event) const;
  // Decodes a done slot's answer into *reply (the fields its op has; see
  // DecodeChatResults), frees the slot and returns the core's call tag;
  // *status is the call's outcome.
  uint32_t Take(int slot, remote_session::BackendStatus* status, remote_session::ChatReply* reply);
  // Frees a done slot without decoding (its connection is gone).
  void Discard(int slot);

  // CANCEL every in-flight call of `session` (logout, worker stop). Their
  // CQEs (kCancelled, or the answer if it won the race) arrive later.
  void CancelSession(uint64_t session);
  // Frees the done slots of a connection that is going away. In-flight
  // ones are freed when their CQE finds no connection.
  void DropEvent(uint64_t event);

  uint32_t in_use() const { return in_use_; }

 private:
  enum class State : uint8_t { kFree, kInFlight, kDone };
  // What the scans read (free slot, done slot of a connection, a session's
  // calls) is kept apart from the buffers: together they would put every
  // slot's state on a page of its own, and a worker's answer arrives right
  // after a switch of address space, when each page touched costs a TLB
  // refill (dearly under emulation).
  struct Slot {
    State state = State::kFree;
    bool cancelled = false;
    bool service = false;  // a ServiceWorker relay (else a ChatWorker one)
    remote_session::ChatOp op = remote_session::ChatOp::kWho;
    uint32_t call_tag = 0;
    uint32_t generation = 0;
    uint64_t session = 0;
    uint64_t event = 0;
    int32_t status = 0;
    uint32_t len = 0;
    uint64_t submit_tsc = 0;  // stage clock: submit to CQE
  };
  struct Buffers {
    alignas(8) uint8_t params[kRelayBufferBytes];
    alignas(8) uint8_t reply[kRelayBufferBytes];
  };
  uint64_t UserData(uint32_t i) const;
  // Claims a free slot and submits relay `method` on `control` with the
  // params already in its buffer; -1 when none is free.
  void Launch(uint32_t i, const caprt::Cap& control, uint16_t method, uint32_t len);
  void Free(int slot);

  Slot slots_[kMaxRelays];
  Buffers buffers_[kMaxRelays];
  uint32_t in_use_ = 0;
};

}  // namespace ipc_backend
