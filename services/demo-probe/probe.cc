#include "services/demo-probe/probe.h"

#include "libcaprt/runtime/console_raw.h"
#include "libcaprt/runtime/interfaces.h"

namespace probe {

void InitParams(Probe& p) {
  static constexpr char kText[] = "probe\n";
  p.write_params_len_ = static_cast<uint32_t>(caprt::EncodeConsoleWrite(
      kText, sizeof(kText) - 1, p.write_params_, sizeof(p.write_params_)));
}

caprt::Result<int32_t> Probe::Run(abi::Sqe sqe) {
  caprt::Ring& ring = caprt::DefaultRing();
  sqe.user_data = ring.NextUserData();
  caprt::Result<abi::Cqe> cqe = ring.SubmitAndWait(sqe, kWaitNs);
  if (!cqe.ok()) return cqe.error();
  return cqe.value().status;
}

void Probe::Expect(const char* check, const abi::Sqe& sqe, abi::Error want) {
  caprt::Result<int32_t> status = Run(sqe);
  if (!status.ok()) {
    return Fail(check, "no CQE (%s)", caprt::ErrorName(status.error()));
  }
  if (status.value() != -static_cast<int32_t>(want)) {
    return Fail(check, "got %s, want %s", caprt::ErrorName(caprt::ErrorFromStatus(status.value())),
                caprt::ErrorName(want));
  }
  Pass(check);
}

abi::Sqe Probe::ConsoleWrite() const {
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kCall);
  sqe.method = caprt::iface::kConsoleWrite;
  sqe.slot = console_.slot;
  sqe.generation = console_.generation;
  sqe.interface_id = caprt::iface::kConsole;
  sqe.params_addr = reinterpret_cast<uint64_t>(write_params_);
  sqe.params_len = write_params_len_;
  return sqe;
}

abi::Sqe Probe::TimerNow(void* result, uint32_t result_cap) const {
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kCall);
  sqe.method = caprt::iface::kTimerNow;
  sqe.slot = timer_.slot;
  sqe.generation = timer_.generation;
  sqe.interface_id = caprt::iface::kTimer;
  sqe.result_addr = reinterpret_cast<uint64_t>(result);
  sqe.result_cap = result_cap;
  return sqe;
}

}  // namespace probe
