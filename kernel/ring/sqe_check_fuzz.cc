// Fuzz target: any 64 bytes as an SQE. check() must classify every input
// without crashing, and anything it accepts must satisfy the invariants the
// dispatcher relies on.
#include <stdint.h>
#include <string.h>

#include <cstdlib>

#include "kernel/ring/sqe_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  abi::Sqe s{};
  memcpy(&s, data, size < sizeof(s) ? size : sizeof(s));
  if (sqe::check(s) != abi::Error::kOk) return 0;
  if (!sqe::implemented(s.opcode) || s.flags) abort();
  if (s.caps_count > abi::kMaxTransferCaps) abort();
  auto op = static_cast<abi::Op>(s.opcode);
  if (s.caps_count && op != abi::Op::kCall && op != abi::Op::kReturn) abort();
  if (s.timeout_ms && op != abi::Op::kCall) abort();
  if (op == abi::Op::kCall || op == abi::Op::kRecv || op == abi::Op::kReturn) {
    if (s.params_len > abi::kMaxMessageBytes) abort();
    if (s.params_len && s.params_addr + s.params_len > abi::kUserTop) abort();
    if (s.result_cap && s.result_addr + s.result_cap > abi::kUserTop) abort();
    if (s.caps_count && s.aux + s.caps_count * 16ull > abi::kUserTop) abort();
  }
  return 0;
}
