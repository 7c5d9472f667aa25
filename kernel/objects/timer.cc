#include "kernel/objects/timer.h"

#include "kernel/arch/clock.h"
#include "kernel/arch/rtc.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"
#include "kernel/ring/ring.h"
#include "layout/kernel.capnp.layout.h"

namespace timer_obj {
namespace {

struct Sleeper {
  Process* process;
  uint64_t user_data;
  uint64_t deadline_ns;
  Sleeper* next;
};
Sleeper* sleepers = nullptr;  // unordered; the count is bounded by kMaxAsync per process

}  // namespace

abi::Error add(Process* p, uint64_t user_data, uint64_t deadline) {
  if (p->async_reserved >= ring::kMaxAsync) return abi::Error::kBusy;
  auto* s = static_cast<Sleeper*>(kheap::alloc(sizeof(Sleeper)));
  if (!s) return abi::Error::kNoMemory;
  *s = Sleeper{p, user_data, deadline, sleepers};
  sleepers = s;
  return abi::Error::kOk;
}

void fire_due() {
  uint64_t now = clock::now_ns();
  Sleeper** link = &sleepers;
  while (*link) {
    Sleeper* s = *link;
    if (s->deadline_ns > now) {
      link = &s->next;
      continue;
    }
    *link = s->next;
    ring::complete_async(s->process, s->user_data, abi::Error::kOk);
    kheap::free(s);
  }
}

void drop_process(Process* p) {
  Sleeper** link = &sleepers;
  while (*link) {
    Sleeper* s = *link;
    if (s->process != p) {
      link = &s->next;
      continue;
    }
    *link = s->next;
    kheap::free(s);
  }
}

}  // namespace timer_obj

namespace kobj {
namespace {
using L = capos::layout::Timer;
}

uint64_t Timer::interface_id() const {
  return L::kId;
}

Timer* Timer::instance() {
  static Timer timer;
  return &timer;
}

abi::Error Timer::call(CallCtx& ctx) {
  capos::wire::Message msg;
  capos::wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;
  uint64_t now = clock::now_ns();
  uint64_t deadline = 0;
  switch (ctx.method) {
    case L::kNow: {
      capos::wire::MessageBuilder b(ctx.result, ctx.result_cap);
      capos::wire::StructBuilder r;
      b.initRoot<L::NowResults>(&r);
      r.set(L::NowResults::kNs, now);
      return finish_result(ctx, b);
    }
    case L::kWallClock: {
      capos::wire::MessageBuilder b(ctx.result, ctx.result_cap);
      capos::wire::StructBuilder r;
      b.initRoot<L::WallClockResults>(&r);
      r.set(L::WallClockResults::kUnixNs, rtc::wall_ns());
      return finish_result(ctx, b);
    }
    case L::kSleep: {
      uint64_t ns = root.get(L::SleepParams::kNs);
      deadline = now + ns < now ? ~0ull : now + ns;
      break;
    }
    case L::kSleepUntil:
      deadline = root.get(L::SleepUntilParams::kDeadlineNs);
      break;
    default:
      return abi::Error::kBadMethod;
  }
  err = timer_obj::add(ctx.caller, ctx.user_data, deadline);
  if (err != abi::Error::kOk) return err;
  ctx.pending = true;
  return abi::Error::kOk;
}

}  // namespace kobj
