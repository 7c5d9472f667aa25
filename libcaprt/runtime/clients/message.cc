#include "libcaprt/runtime/clients/message.h"

#include <stdlib.h>

namespace caprt {
namespace {

// Most kernel-cap params are a few words; only larger ones touch the heap.
constexpr size_t kStackParams = 512;

}  // namespace

Result<size_t> SerializeTo(capnp::MessageBuilder& builder, void* out, size_t capacity) {
  EncodeResult r = EncodeMessage(builder, out, capacity);
  if (r.error != abi::Error::kOk) return r.error;
  return r.length;
}

Result<uint32_t> CallMessage(const Cap& cap, uint16_t method, capnp::MessageBuilder& params,
                             void* result, uint32_t result_cap) {
  alignas(8) unsigned char stack[kStackParams];
  EncodeResult enc = EncodeMessage(params, stack, sizeof(stack));
  if (enc.error == abi::Error::kOk) {
    return Call(cap, method, stack, static_cast<uint32_t>(enc.length), result, result_cap);
  }
  if (enc.error != abi::Error::kResultTooSmall) return enc.error;
  if (enc.length > UINT32_MAX) return Error::kBadLength;
  void* heap = aligned_alloc(8, (enc.length + 7) & ~size_t{7});
  if (heap == nullptr) return Error::kNoMemory;
  enc = EncodeMessage(params, heap, enc.length);
  Result<uint32_t> r =
      enc.error == abi::Error::kOk
          ? Call(cap, method, heap, static_cast<uint32_t>(enc.length), result, result_cap)
          : Result<uint32_t>(enc.error);
  free(heap);
  return r;
}

}  // namespace caprt
