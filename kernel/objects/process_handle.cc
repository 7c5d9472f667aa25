#include "kernel/objects/process_handle.h"

#include "kernel/mm/heap.h"
#include "kernel/mm/usercopy.h"
#include "kernel/proc/process.h"
#include "kernel/ring/ring.h"
#include "layout/kernel.capnp.layout.h"

namespace handle_waits {
namespace {

struct Wait {
  kobj::ProcessHandle* handle;
  Process* waiter;
  uint64_t user_data;
  uint64_t result_addr;
  uint32_t result_cap;
  Wait* next;
};
Wait* waits = nullptr;

}  // namespace

bool add(kobj::ProcessHandle* h, const kobj::CallCtx& ctx) {
  auto* w = static_cast<Wait*>(kheap::alloc(sizeof(Wait)));
  if (!w) return false;
  *w = Wait{h, ctx.caller, ctx.user_data, ctx.result_addr, ctx.result_cap, waits};
  waits = w;
  return true;
}

// Completes (or with `complete` false just forgets) the waits matching fn.
template <typename Fn>
void take(Fn match, bool complete, const uint8_t* result, uint32_t len) {
  Wait** link = &waits;
  while (*link) {
    Wait* w = *link;
    if (!match(w)) {
      link = &w->next;
      continue;
    }
    *link = w->next;
    if (complete) {
      abi::Error err = len <= w->result_cap
                           ? usercopy::to_user(&w->waiter->as, w->result_addr, result, len)
                           : abi::Error::kResultTooSmall;
      ring::complete_async(w->waiter, w->user_data, err, err == abi::Error::kOk ? len : 0,
                           err == abi::Error::kResultTooSmall ? len : 0);
    }
    kheap::free(w);
  }
}

void drop_process(Process* p) {
  take([p](Wait* w) { return w->waiter == p; }, false, nullptr, 0);
}

void drop_handle(kobj::ProcessHandle* h) {
  take([h](Wait* w) { return w->handle == h; }, false, nullptr, 0);
}

void complete(kobj::ProcessHandle* h, const uint8_t* result, uint32_t len) {
  take([h](Wait* w) { return w->handle == h; }, true, result, len);
}

}  // namespace handle_waits

namespace kobj {
namespace {
using L = capos::layout::ProcessHandle;
namespace wire = capos::wire;
}  // namespace

ProcessHandle::ProcessHandle(Process* p) : process_(p) {
  count_object(1);
}

uint64_t ProcessHandle::interface_id() const {
  return L::kId;
}

void ProcessHandle::destroy() {
  handle_waits::drop_handle(this);
  if (process_) process_->handle = nullptr;
  count_object(-1);
  kdelete(this);
}

void ProcessHandle::ended(int status, bool killed, bool faulted) {
  process_ = nullptr;
  status_ = status;
  killed_ = killed;
  faulted_ = faulted;
  alignas(8) uint8_t buf[64];
  wire::MessageBuilder b(buf, sizeof(buf));
  wire::StructBuilder r;
  b.initRoot<L::WaitResults>(&r);
  r.set(L::WaitResults::kExitStatus, int32_t(status));
  r.set(L::WaitResults::kKilled, killed);
  r.set(L::WaitResults::kFaulted, faulted);
  size_t len = 0;
  b.finish(&len);
  handle_waits::complete(this, buf, uint32_t(len));
}

abi::Error ProcessHandle::call(CallCtx& ctx) {
  switch (ctx.method) {
    case L::kWait: {
      if (process_) {
        if (ctx.caller->async_reserved >= ring::kMaxAsync) return abi::Error::kBusy;
        if (!handle_waits::add(this, ctx)) return abi::Error::kNoMemory;
        ctx.pending = true;
        return abi::Error::kOk;
      }
      wire::MessageBuilder b(ctx.result, ctx.result_cap);
      wire::StructBuilder r;
      b.initRoot<L::WaitResults>(&r);
      r.set(L::WaitResults::kExitStatus, int32_t(status_));
      r.set(L::WaitResults::kKilled, killed_);
      r.set(L::WaitResults::kFaulted, faulted_);
      return finish_result(ctx, b);
    }
    case L::kKill:
      if (process_) proc::kill(process_);
      return empty_result(ctx);
    case L::kStatus: {
      wire::MessageBuilder b(ctx.result, ctx.result_cap);
      wire::StructBuilder r;
      b.initRoot<L::StatusResults>(&r);
      r.set(L::StatusResults::kRunning, process_ != nullptr);
      r.set(L::StatusResults::kExitStatus, int32_t(status_));
      return finish_result(ctx, b);
    }
    default:
      return abi::Error::kBadMethod;
  }
}

}  // namespace kobj
