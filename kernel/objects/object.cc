#include "kernel/objects/object.h"

namespace kobj {

abi::Error open_params(const CallCtx& ctx, capos::wire::Message& msg,
                       capos::wire::StructReader* root) {
  if (ctx.params_len == 0) {
    *root = capos::wire::StructReader();
    return abi::Error::kOk;
  }
  if (capos::wire::readRoot(msg, ctx.params, ctx.params_len, root) != capos::wire::Status::kOk) {
    return abi::Error::kMalformedMessage;
  }
  return abi::Error::kOk;
}

abi::Error finish_result(CallCtx& ctx, capos::wire::MessageBuilder& b) {
  size_t len = 0;
  capos::wire::Status s = b.finish(&len);
  if (s == capos::wire::Status::kTooSmall) return abi::Error::kResultTooSmall;
  if (s != capos::wire::Status::kOk) return abi::Error::kMalformedMessage;
  ctx.result_len = static_cast<uint32_t>(len);
  return abi::Error::kOk;
}

abi::Error empty_result(CallCtx& ctx) {
  if (ctx.result_cap == 0) return abi::Error::kOk;
  capos::wire::MessageBuilder b(ctx.result, ctx.result_cap);
  capos::wire::StructBuilder root;
  b.initRoot(0, 0, &root);
  return finish_result(ctx, b);
}

}  // namespace kobj
