#include "kernel/objects/object.h"

namespace kobj {
namespace {
uint32_t live = 0;
}

uint32_t live_objects() {
  return live;
}
void count_object(int delta) {
  live += delta;
}

void Object::ref(uint32_t rights) {
  refs_++;
  on_ref(rights);
}

// on_unref runs while this reference still counts, so references dropped
// from inside it (an endpoint failing its calls) can never reach zero and
// destroy the object under the outer call.
void Object::unref(uint32_t rights) {
  on_unref(rights);
  if (--refs_ == 0) destroy();
}

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

bool return_cap(CallCtx& ctx, Object* obj, uint32_t rights) {
  if (ctx.out_count >= kMaxOutCaps) return false;
  obj->ref(rights);
  ctx.out_caps[ctx.out_count++] = cap::Entry{obj, obj->interface_id(), rights, 0};
  return true;
}

abi::Error sent_cap(const CallCtx& ctx, int32_t index, uint64_t interface_id, uint32_t rights,
                    Object** out) {
  if (index < 0 || index >= ctx.in_count) return abi::Error::kBadSlot;
  const cap::Entry& e = ctx.in_caps[index];
  if (e.interface_id != interface_id) return abi::Error::kWrongInterface;
  if ((e.rights & rights) != rights) return abi::Error::kDenied;
  *out = e.object;
  return abi::Error::kOk;
}

}  // namespace kobj
