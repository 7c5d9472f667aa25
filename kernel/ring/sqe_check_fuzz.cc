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
  if (!sqe::implemented(s.opcode) || s.flags || s.reserved) abort();
  if (s.opcode == uint8_t(abi::Op::kCall)) {
    if (s.params_len > abi::kMaxMessageBytes || s.result_cap > abi::kMaxMessageBytes) abort();
    if (s.params_len && s.params_addr + s.params_len > abi::kUserTop) abort();
    if (s.result_cap && s.result_addr + s.result_cap > abi::kUserTop) abort();
  }
  return 0;
}
