#include "kernel/objects/session.h"

#include "kernel/arch/clock.h"
#include "kernel/lib/print.h"
#include "kernel/mm/heap.h"
#include "kernel/objects/entropy.h"
#include "layout/kernel.capnp.layout.h"

namespace kobj {
namespace {

using SA = capos::layout::SessionAuthority;
using SC = capos::layout::SessionCell;
namespace wire = capos::wire;

uint32_t live_cells = 0;

// Session references only need to be unguessable by other services; mix
// hardware entropy when there is some, and a counter so two are never equal.
uint64_t new_ref() {
  static uint64_t counter = 0;
  uint64_t r = 0;
  entropy::fill(&r, sizeof(r));
  return (r ^ clock::now_ns() * 0x9e3779b97f4a7c15ull) + (++counter << 1) | 1;
}

}  // namespace

SessionCell::SessionCell(uint8_t principal_class, uint8_t auth_strength, uint8_t profile_class,
                         uint64_t opaque_ref)
    : principal_(principal_class),
      strength_(auth_strength),
      profile_(profile_class),
      ref_(opaque_ref) {
  count_object(1);
  live_cells++;
}

uint64_t SessionCell::interface_id() const {
  return SC::kId;
}

void SessionCell::logout() {
  if (!live_) return;
  live_ = false;
  live_cells--;
}

void SessionCell::destroy() {
  if (live_) live_cells--;
  count_object(-1);
  kdelete(this);
}

uint32_t SessionCell::live_count() {
  return live_cells;
}

abi::Error SessionCell::call(CallCtx& ctx) {
  if (ctx.method != SC::kStatus) return abi::Error::kBadMethod;
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder r;
  b.initRoot<SC::StatusResults>(&r);
  r.set(SC::StatusResults::kLive, live_);
  return finish_result(ctx, b);
}

uint64_t SessionAuthority::interface_id() const {
  return SA::kId;
}

SessionAuthority* SessionAuthority::instance() {
  static SessionAuthority obj;
  return &obj;
}

abi::Error SessionAuthority::call(CallCtx& ctx) {
  wire::Message msg;
  wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;
  if (ctx.method == SA::kMint) {
    auto* cell = static_cast<SessionCell*>(kheap::alloc(sizeof(SessionCell)));
    if (!cell) return abi::Error::kNoMemory;
    new (cell) SessionCell(root.get(SA::MintParams::kPrincipalClass),
                           root.get(SA::MintParams::kAuthStrength),
                           root.get(SA::MintParams::kProfileClass), new_ref());
    wire::MessageBuilder b(ctx.result, ctx.result_cap);
    wire::StructBuilder r;
    b.initRoot<SA::MintResults>(&r);
    r.set(SA::MintResults::kCellCap, uint16_t(0));
    err = finish_result(ctx, b);
    // The cell lives as long as a cap names it: if the reply cannot be
    // written, the only reference goes away with the ring's cleanup.
    return_cap(ctx, cell, abi::kRightCall | abi::kRightBind | abi::kRightTransfer);
    return err;
  }
  if (ctx.method == SA::kLogout) {
    Object* obj = nullptr;
    err = sent_cap(ctx, root.get(SA::LogoutParams::kCellCap), SC::kId, 0, &obj);
    if (err != abi::Error::kOk) return err;
    static_cast<SessionCell*>(obj)->logout();
    return empty_result(ctx);
  }
  return abi::Error::kBadMethod;
}

}  // namespace kobj
