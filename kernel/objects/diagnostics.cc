#include "kernel/objects/diagnostics.h"

#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/objects/session.h"
#include "kernel/proc/process.h"
#include "layout/kernel.capnp.layout.h"

namespace kobj {
namespace {
using L = capos::layout::Diagnostics;
}

uint64_t Diagnostics::interface_id() const {
  return L::kId;
}

Diagnostics* Diagnostics::instance() {
  static Diagnostics obj;
  return &obj;
}

abi::Error Diagnostics::call(CallCtx& ctx) {
  if (ctx.method != L::kStats) return abi::Error::kBadMethod;
  capos::wire::MessageBuilder b(ctx.result, ctx.result_cap);
  capos::wire::StructBuilder r;
  b.initRoot<L::StatsResults>(&r);
  r.set(L::StatsResults::kProcesses, proc::live_count());
  r.set(L::StatsResults::kObjects, live_objects());
  r.set(L::StatsResults::kFreeFrames, uint64_t(pmm::free_frames()));
  r.set(L::StatsResults::kKernelAllocations, uint64_t(kheap::live_allocations()));
  r.set(L::StatsResults::kLiveSessions, SessionCell::live_count());
  return finish_result(ctx, b);
}

}  // namespace kobj
