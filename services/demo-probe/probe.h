// Shared plumbing of demo-probe's checks: raw SQE submission with a timeout.
// PASS/FAIL bookkeeping is services/lib/probe's; each check prints one line.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"
#include "services/lib/probe/harness.h"

namespace probe {

// A probe must never hang the process: every wait is bounded.
inline constexpr uint64_t kWaitNs = 2000ull * 1000 * 1000;

class Probe : public harness::Harness {
 public:
  Probe(caprt::Console out, caprt::Cap console, caprt::Cap timer)
      : Harness(out, "demo-probe"), console_(console), timer_(timer) {}

  const caprt::Cap& console() const { return console_; }
  const caprt::Cap& timer() const { return timer_; }

  // Submits `sqe` (with a fresh user_data) and returns its CQE status, or the
  // ring's error (kTimedOut if no CQE came).
  caprt::Result<int32_t> Run(abi::Sqe sqe);
  // Runs `sqe` and checks its status is -want.
  void Expect(const char* check, const abi::Sqe& sqe, abi::Error want);

  // A valid Console.write("probe\n") CALL on the granted console.
  abi::Sqe ConsoleWrite() const;
  // A valid Timer.now() CALL with the given result buffer.
  abi::Sqe TimerNow(void* result, uint32_t result_cap) const;

 private:
  caprt::Cap console_;
  caprt::Cap timer_;
  alignas(8) uint64_t write_params_[8] = {};
  uint32_t write_params_len_ = 0;
  friend void InitParams(Probe&);
};

void InitParams(Probe& p);

void RunCallChecks(Probe& p);   // slots, opcodes, flags, addresses, lengths
void RunRingChecks(Probe& p);   // index overflow, CQ backpressure, release
void RunCapnpChecks(Probe& p);  // guest-side decoding of corrupted messages

}  // namespace probe
