#include "kernel/ring/sqe_check.h"

namespace sqe {
namespace {

bool buffer_ok(uint64_t addr, uint64_t len) {
  if (len == 0) return true;
  return addr + len > addr && addr + len <= abi::kUserTop;
}

}  // namespace

bool implemented(uint8_t opcode) {
  switch (static_cast<abi::Op>(opcode)) {
    case abi::Op::kNop:
    case abi::Op::kCall:
    case abi::Op::kRelease:
    case abi::Op::kExit:
      return true;
    default:
      return false;
  }
}

abi::Error check(const abi::Sqe& s) {
  if (!implemented(s.opcode)) return abi::Error::kBadOpcode;
  if (s.flags != 0 || s.reserved != 0) return abi::Error::kBadFlags;
  if (static_cast<abi::Op>(s.opcode) != abi::Op::kCall) return abi::Error::kOk;
  if (s.params_len > abi::kMaxMessageBytes || s.result_cap > abi::kMaxMessageBytes) {
    return abi::Error::kBadLength;
  }
  if (!buffer_ok(s.params_addr, s.params_len) || !buffer_ok(s.result_addr, s.result_cap)) {
    return abi::Error::kBadAddress;
  }
  return abi::Error::kOk;
}

}  // namespace sqe
