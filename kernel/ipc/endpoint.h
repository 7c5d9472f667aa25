// Endpoint: a kernel IPC channel serving one Cap'n Proto interface.
//
// Facets: the owner facet (kRightRecv, optionally kRightDisclose) receives
// calls with RECV and answers them with RETURN; the client facet
// (kRightCall) calls. Calls wait in a bounded FIFO until a RECV takes them.
// When the last owner facet is gone the endpoint is dead: every queued or
// delivered call completes with kDisconnected and new calls fail at once.
#pragma once

#include "kernel/objects/object.h"

namespace ipc {
struct PendingCall;
}

namespace kobj {

class Endpoint final : public Object {
 public:
  static constexpr uint32_t kMaxQueued = 32;  // below ring::kMaxAsync, so each bound shows

  Endpoint(uint64_t interface_id, uint64_t badge);
  uint64_t interface_id() const override { return interface_id_; }
  // CALLs on endpoints never get here: the ring routes them to ipc::call.
  abi::Error call(CallCtx&) override { return abi::Error::kBadMethod; }
  Endpoint* as_endpoint() override { return this; }

  bool dead() const { return dead_; }
  uint64_t badge() const { return badge_; }

  // The FIFO of calls not yet delivered (owned by ipc).
  ipc::PendingCall* head = nullptr;
  ipc::PendingCall* tail = nullptr;
  uint32_t queued = 0;

 protected:
  void on_ref(uint32_t rights) override;
  void on_unref(uint32_t rights) override;
  void destroy() override;

 private:
  uint64_t interface_id_;
  uint64_t badge_;
  uint32_t owners_ = 0;
  bool dead_ = false;
};

// Creates endpoints (the EndpointFactory interface).
class EndpointFactory final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static EndpointFactory* instance();
};

}  // namespace kobj
