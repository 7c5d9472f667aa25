#include "kernel/ipc/endpoint.h"

#include "kernel/ipc/ipc.h"
#include "kernel/mm/heap.h"
#include "layout/kernel.capnp.layout.h"

namespace kobj {
namespace {
using L = capos::layout::EndpointFactory;
namespace wire = capos::wire;
}  // namespace

Endpoint::Endpoint(uint64_t interface_id, uint64_t badge)
    : interface_id_(interface_id), badge_(badge) {
  count_object(1);
}

void Endpoint::on_ref(uint32_t rights) {
  if (rights & abi::kRightRecv) owners_++;
}

void Endpoint::on_unref(uint32_t rights) {
  if (!(rights & abi::kRightRecv) || --owners_ != 0 || dead_) return;
  dead_ = true;
  ipc::endpoint_died(this);
}

void Endpoint::destroy() {
  count_object(-1);
  kdelete(this);
}

uint64_t EndpointFactory::interface_id() const {
  return L::kId;
}

EndpointFactory* EndpointFactory::instance() {
  static EndpointFactory obj;
  return &obj;
}

abi::Error EndpointFactory::call(CallCtx& ctx) {
  if (ctx.method != L::kCreate) return abi::Error::kBadMethod;
  wire::Message msg;
  wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;
  uint64_t iface = root.get(L::CreateParams::kInterfaceId);
  bool disclose = root.get(L::CreateParams::kDisclose);
  uint64_t badge = root.get(L::CreateParams::kBadge);
  if (iface == 0) return abi::Error::kBadLength;
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder r;
  b.initRoot<L::CreateResults>(&r);
  r.set(L::CreateResults::kOwnerCap, uint16_t(0));
  r.set(L::CreateResults::kClientCap, uint16_t(1));
  err = finish_result(ctx, b);
  if (err != abi::Error::kOk) return err;
  auto* ep = static_cast<Endpoint*>(kheap::alloc(sizeof(Endpoint)));
  if (!ep) return abi::Error::kNoMemory;
  new (ep) Endpoint(iface, badge);
  uint32_t owner = abi::kRightRecv | abi::kRightTransfer | (disclose ? abi::kRightDisclose : 0);
  return_cap(ctx, ep, owner);
  return_cap(ctx, ep, abi::kRightCall | abi::kRightTransfer);
  return abi::Error::kOk;
}

}  // namespace kobj
