// Ring-level hostility: a corrupted SQ tail, a flooded CQ, and use of a cap
// after RELEASE.
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/ring.h"
#include "services/demo-probe/probe.h"

namespace probe {
namespace {

using abi::Error;

constexpr uint32_t kFlood = 300;

abi::Sqe Nop(uint64_t user_data) {
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kNop);
  sqe.user_data = user_data;
  return sqe;
}

void IndexOverflow(Probe& p) {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::RingHeader* h = ring.header();
  uint32_t head = __atomic_load_n(&h->sq_head, __ATOMIC_ACQUIRE);
  __atomic_store_n(&h->sq_tail, head + abi::kSqEntries + 5, __ATOMIC_RELEASE);
  ring.Enter(1, kWaitNs);
  caprt::Result<abi::Cqe> cqe = ring.Wait(0, kWaitNs);
  if (!cqe.ok()) {
    return p.Fail("index-overflow", "no CQE (%s)", caprt::ErrorName(cqe.error()));
  }
  if (cqe.value().status != -static_cast<int32_t>(Error::kIndexOverflow)) {
    return p.Fail("index-overflow", "got %s",
                  caprt::ErrorName(caprt::ErrorFromStatus(cqe.value().status)));
  }
  uint32_t new_head = __atomic_load_n(&h->sq_head, __ATOMIC_ACQUIRE);
  if (new_head != __atomic_load_n(&h->sq_tail, __ATOMIC_RELAXED)) {
    return p.Fail("index-overflow", "sq_head not resynchronised to sq_tail");
  }
  p.Pass("index-overflow");
  caprt::Result<int32_t> after = p.Run(Nop(0));
  p.Check("ring-usable-after-overflow", after.ok() && after.value() == 0, "NOP failed");
}

void Backpressure(Probe& p) {
  caprt::Ring& ring = caprt::DefaultRing();
  if (ring.stashed() != 0 || ring.CqReady() != 0) {
    return p.Fail("cq-backpressure", "ring not idle before the flood");
  }
  uint64_t base = ring.NextUserData();
  for (uint32_t i = 1; i < kFlood; ++i) ring.NextUserData();  // reserve base..base+299

  // Submit everything without reading a single CQE.
  uint32_t submitted = 0;
  for (int stalls = 0; submitted < kFlood && stalls < 4;) {
    uint32_t room = ring.SqFree();
    if (room == 0) ++stalls;
    for (; room > 0 && submitted < kFlood; --room) ring.Submit(Nop(base + submitted++));
    ring.Enter(0, 0);
  }
  if (submitted != kFlood) {
    return p.Fail("cq-backpressure", "SQ stalled after %u of %u NOPs", submitted, kFlood);
  }
  // Report only after draining: a report is a Console call, whose wait
  // would move the flood's CQEs into the runtime's stash.
  uint32_t ready = ring.CqReady();
  uint32_t pending =
      ring.header()->sq_tail - __atomic_load_n(&ring.header()->sq_head, __ATOMIC_ACQUIRE);
  bool held = ready == abi::kCqEntries && pending == kFlood - abi::kCqEntries;

  static bool seen[kFlood];
  memset(seen, 0, sizeof(seen));
  uint32_t got = 0, bad = 0;
  for (int idle = 0; got + bad < kFlood && idle < 4;) {
    abi::Cqe cqe;
    bool progress = false;
    while (ring.PopRing(&cqe)) {
      progress = true;
      uint64_t i = cqe.user_data - base;
      if (i >= kFlood || seen[i] || cqe.status != 0) {
        ++bad;
        continue;
      }
      seen[i] = true;
      ++got;
    }
    idle = progress ? 0 : idle + 1;
    ring.Enter(0, progress ? 0 : kWaitNs / 4);
  }
  if (held) {
    p.Pass("cq-full-holds-sqes");
  } else {
    p.Fail("cq-full-holds-sqes", "CQ %u ready, SQ %u pending; want %u and %u", ready, pending,
           abi::kCqEntries, kFlood - abi::kCqEntries);
  }
  if (got != kFlood || bad != 0) {
    return p.Fail("cq-backpressure", "%u of %u NOP CQEs matched, %u unexpected", got, kFlood, bad);
  }
  p.Pass("cq-backpressure");
}

void ReleaseThenCall(Probe& p) {
  caprt::Status released = caprt::Release(p.timer());
  if (!released.ok()) {
    return p.Fail("release", "RELEASE failed: %s", caprt::ErrorName(released.error()));
  }
  p.Pass("release");
  alignas(8) static uint64_t reply[8];
  p.Expect("call-after-release", p.TimerNow(reply, sizeof(reply)), Error::kStaleGeneration);
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kRelease);
  sqe.slot = p.timer().slot;
  sqe.generation = p.timer().generation;
  p.Expect("double-release", sqe, Error::kStaleGeneration);
}

}  // namespace

void RunRingChecks(Probe& p) {
  IndexOverflow(p);
  Backpressure(p);
  ReleaseThenCall(p);
}

}  // namespace probe
