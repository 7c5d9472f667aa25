// A bounded window of asynchronous CALLs with a FIFO behind it: part of the
// one async model every network-facing service uses (docs/architecture.md,
// "Asynchronous services").
//
// The model: a service never waits for another process. It submits CALLs
// as SQEs whose user_data names the owner (a high marker bit per component)
// and the owner's slot, runs one loop over the ring's CQEs, and routes each
// CQE to its owner's state machine. The owner keeps the params and reply
// buffers (and any CapTransfer array) alive from submission until the CQE.
//
// A CallQueue caps how many of one owner's CALLs the kernel holds at once
// (each counts against the process's async bound, ring::kMaxAsync), so a
// burst of logins can never starve the connections' own TCP ops. Excess
// SQEs wait here in order and go out as earlier ones complete.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"

namespace caprt {

class CallQueue {
 public:
  static constexpr uint32_t kMaxQueued = 128;
  // Hands one SQE to the kernel's ring (the default ring in services; a
  // recorder in host tests).
  using SubmitFn = void (*)(const abi::Sqe& sqe);

  CallQueue(uint32_t window, SubmitFn submit) : window_(window), submit_(submit) {}

  // Submits now if the window has room, else queues. false (nothing done)
  // if the queue is full: the caller answers boundExceeded.
  bool Submit(const abi::Sqe& sqe);
  // One of this owner's CQEs arrived: its unit goes to the oldest queued SQE.
  void Completed();
  // Removes a still-queued SQE by user_data (its CQE will never come);
  // false if it is not queued (in flight or unknown).
  bool Unqueue(uint64_t user_data);

  uint32_t in_flight() const { return in_flight_; }
  uint32_t queued() const { return count_; }
  uint32_t window() const { return window_; }

 private:
  uint32_t window_;
  SubmitFn submit_;
  uint32_t in_flight_ = 0;
  uint32_t head_ = 0, count_ = 0;
  abi::Sqe queue_[kMaxQueued] = {};
};

}  // namespace caprt
