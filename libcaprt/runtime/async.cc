#include "libcaprt/runtime/async.h"

#include "layout/kernel.capnp.layout.h"
#include "libcaprt/runtime/clients/timer.h"

namespace caprt::async {

void Submit(const abi::Sqe& sqe) {
  Ring& ring = DefaultRing();
  while (!ring.Submit(sqe)) ring.Enter(0, 0);
}

void Cancel(uint64_t target, uint64_t user_data) {
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kCancel);
  sqe.interface_id = target;
  sqe.user_data = user_data;
  Submit(sqe);
}

bool SleepUntil(const Cap& timer, uint64_t deadline_ms, void* params, uint32_t params_cap,
                uint64_t user_data) {
  Result<uint32_t> n = Timer::EncodeSleepUntil(params, params_cap, deadline_ms * 1000000);
  if (!n.ok()) return false;
  Submit(
      CallSqe(timer, capos::layout::Timer::kSleepUntil, params, n.value(), nullptr, 0, user_data));
  return true;
}

}  // namespace caprt::async
