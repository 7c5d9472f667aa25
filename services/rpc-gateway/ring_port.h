// kj's event loop over the caprt ring (docs/architecture.md, "Asynchronous
// services"): the one loop of this process, seen through kj::EventPort.
//
// A CALL becomes a promise with Call(). The port owns the op (its params,
// its reply buffer, its table slot) from submission until the kernel's CQE,
// whatever happens to the promise: a promise dropped early (a connection
// torn down mid-recv) CANCELs its op, and the op stays parked until the
// cancelled CQE comes back, because until then the kernel may still write
// its reply. Only then is the memory freed. The reply moves into the
// promise's result, so a caller never reads memory the port still lends to
// the kernel.
//
// wait() flushes the submissions and sleeps in cap_enter until a CQE or the
// kj timer's next deadline (cap_enter's own timeout, so no CALL is spent on
// sleeping); poll() reaps without sleeping. The timer's clock is
// caprt::EventClock (the time-stamp counter, anchored to the Timer cap).
// One thread: setRunnable and wake stay kj's no-ops, and nothing here ever
// runs the loop from inside a callback.
#pragma once

#include <kj/async.h>
#include <kj/timer.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ring.h"

namespace rpc_gateway {

// Where the CQEs of the process's other ring users go (the IPC backend's
// relays and operations, services/lib/ipc-backend): they carry their own
// marker bits, never kMark, and are handed over as they are reaped, inside
// wait()/poll(), so the sink must only take steps and fulfil promises,
// never run the loop.
class CqeSink {
 public:
  virtual void OnCqe(const abi::Cqe& cqe) = 0;

 protected:
  ~CqeSink() = default;
};

// What a CALL came back with. `reply` holds the result message (len bytes
// valid) and is the caller's now.
struct Completion {
  int32_t status = 0;  // 0 or -abi::Error
  uint32_t len = 0;
  uint64_t aux = 0;  // caps received (count), as in abi::Cqe
  kj::Array<kj::byte> reply;
};

class RingPort final : public kj::EventPort, public kj::MonotonicClock {
 public:
  // Ops in the kernel at once; Call() beyond it fails kBusy. Well under
  // abi::kMaxAsync: the runtime's synchronous calls need room too.
  static constexpr uint32_t kMaxOps = 128;
  // user_data of this port's CALLs: bit 62 (bit 63 is the runtime's own),
  // then the op's sequence number and slot.
  static constexpr uint64_t kMark = 1ull << 62;

  explicit RingPort(const caprt::Timer& timer);
  ~RingPort() noexcept(false);

  // Submits `method` on `cap` with params[0, params_len) (the op keeps the
  // array until its CQE); the promise resolves with the CQE and a reply
  // buffer of `reply_capacity` bytes. Fails (as a promise) with "busy" when
  // kMaxOps are in flight.
  kj::Promise<Completion> Call(const caprt::Cap& cap, uint16_t method, kj::Array<kj::byte> params,
                               uint32_t params_len, uint32_t reply_capacity);

  kj::Timer& timer() { return timer_; }
  uint64_t NowMs() const { return clock_.NowMs(); }
  // A point on the timer's clock: `ms` since boot.
  static kj::TimePoint At(uint64_t ms) {
    return kj::origin<kj::TimePoint>() + ms * kj::MILLISECONDS;
  }
  // kj::MonotonicClock, for TwoPartyVatNetwork (instead of kj's, which
  // would ask an OS clock the guest does not have).
  kj::TimePoint now() const override { return At(NowMs()); }
  uint32_t in_flight() const { return in_flight_; }
  // Takes every CQE that is not this port's (nor the runtime's); once.
  void set_sink(CqeSink* sink) { sink_ = sink; }

  bool wait() override;
  bool poll() override;

 private:
  struct Op;
  class Adapter;
  friend class Adapter;

  void Dispatch(const abi::Cqe& cqe);
  // Takes every CQE there is; true if any was one of ours.
  bool Reap();
  void AdvanceTimer();
  void Cancel(Op* op);

  mutable caprt::EventClock clock_;  // reading it re-anchors it
  kj::TimerImpl timer_;
  Op* ops_[kMaxOps] = {};
  uint32_t in_flight_ = 0;
  uint32_t next_seq_ = 1;
  CqeSink* sink_ = nullptr;
};

}  // namespace rpc_gateway
