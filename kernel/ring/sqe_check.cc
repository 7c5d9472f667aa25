#include "kernel/ring/sqe_check.h"

namespace sqe {
namespace {

bool buffer_ok(uint64_t addr, uint64_t len) {
  if (len == 0) return true;
  return addr + len > addr && addr + len <= abi::kUserTop;
}

}  // namespace

bool implemented(uint8_t opcode) {
  return opcode > uint8_t(abi::Op::kInvalid) && opcode < uint8_t(abi::Op::kOpCount);
}

abi::Error check(const abi::Sqe& s) {
  if (!implemented(s.opcode)) return abi::Error::kBadOpcode;
  if (s.flags != 0) return abi::Error::kBadFlags;
  auto op = static_cast<abi::Op>(s.opcode);
  bool sends_caps = op == abi::Op::kCall || op == abi::Op::kReturn;
  if ((s.caps_count && !sends_caps) || (s.timeout_ms && op != abi::Op::kCall)) {
    return abi::Error::kBadFlags;
  }
  if (s.caps_count > abi::kMaxTransferCaps) return abi::Error::kBadLength;
  if (op != abi::Op::kCall && op != abi::Op::kRecv && op != abi::Op::kReturn) {
    return abi::Error::kOk;
  }
  if (s.params_len > abi::kMaxMessageBytes || s.result_cap > abi::kMaxMessageBytes + 4096) {
    return abi::Error::kBadLength;
  }
  if (!buffer_ok(s.params_addr, s.params_len) || !buffer_ok(s.result_addr, s.result_cap) ||
      !buffer_ok(s.aux, uint64_t(s.caps_count) * sizeof(abi::CapTransfer))) {
    return abi::Error::kBadAddress;
  }
  return abi::Error::kOk;
}

}  // namespace sqe
