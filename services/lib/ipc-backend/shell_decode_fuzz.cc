// libFuzzer target: any bytes a (compromised) shell's RECV can deliver give
// a typed refusal or a call whose bytes lie inside the RECV buffer.
#include <stdint.h>
#include <string.h>

#include "services/lib/ipc-backend/shell_decode.h"

namespace {

alignas(8) uint8_t recv[1 << 15];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > sizeof(recv)) return 0;
  memcpy(recv, data, size);
  const ipc_backend::ShellCallView v =
      ipc_backend::DecodeShellCall(recv, static_cast<uint32_t>(size));
  if (v.kind == ipc_backend::ShellCallView::kRefuse && v.refusal == abi::Error::kOk) {
    __builtin_trap();
  }
  if (v.kind == ipc_backend::ShellCallView::kCall && v.len != 0) {
    if (v.data < recv + sizeof(abi::RecvHeader) || v.data + v.len > recv + size) __builtin_trap();
  }
  return 0;
}
