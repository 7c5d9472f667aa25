#include "libcaprt/runtime/clients/timer.h"

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"

namespace caprt {
namespace {

// Timer params are one tiny struct: a small zeroed segment on the stack
// instead of the builder's default 8 KiB calloc (Now is on event loops'
// hot paths).
constexpr size_t kParamWords = 8;

}  // namespace

Result<Timer> Timer::Find(const char* name) {
  Result<Cap> cap = FindCap(name, iface::kTimer);
  if (!cap.ok()) return cap.error();
  return Timer(cap.value());
}

Result<uint64_t> Timer::Now() {
  capnp::word segment[kParamWords] = {};
  capnp::MallocMessageBuilder params(kj::arrayPtr(segment, kParamWords));
  params.initRoot<capos::schema::Timer::NowParams>();
  uint64_t reply[16];
  Result<uint32_t> len = CallMessage(cap_, iface::kTimerNow, params, reply, sizeof(reply));
  if (!len.ok()) return len.error();
  uint64_t ns = 0;
  Status s = DecodeRoot<capos::schema::Timer::NowResults>(
      reply, len.value(), [&](capos::schema::Timer::NowResults::Reader r) { ns = r.getNs(); });
  if (!s.ok()) return s.error();
  return ns;
}

Result<uint64_t> Timer::WallClockNs() {
  capnp::word segment[kParamWords] = {};
  capnp::MallocMessageBuilder params(kj::arrayPtr(segment, kParamWords));
  params.initRoot<capos::schema::Timer::WallClockParams>();
  uint64_t reply[16];
  Result<uint32_t> len = CallMessage(cap_, iface::kTimerWallClock, params, reply, sizeof(reply));
  if (!len.ok()) return len.error();
  uint64_t ns = 0;
  Status s = DecodeRoot<capos::schema::Timer::WallClockResults>(
      reply, len.value(),
      [&](capos::schema::Timer::WallClockResults::Reader r) { ns = r.getUnixNs(); });
  if (!s.ok()) return s.error();
  return ns;
}

Status Timer::Sleep(uint64_t ns) {
  capnp::word segment[kParamWords] = {};
  capnp::MallocMessageBuilder params(kj::arrayPtr(segment, kParamWords));
  params.initRoot<capos::schema::Timer::SleepParams>().setNs(ns);
  Result<uint32_t> r = CallMessage(cap_, iface::kTimerSleep, params, nullptr, 0);
  return r.ok() ? Status() : Status(r.error());
}

Status Timer::SleepUntil(uint64_t deadline_ns) {
  capnp::word segment[kParamWords] = {};
  capnp::MallocMessageBuilder params(kj::arrayPtr(segment, kParamWords));
  params.initRoot<capos::schema::Timer::SleepUntilParams>().setDeadlineNs(deadline_ns);
  Result<uint32_t> r = CallMessage(cap_, iface::kTimerSleepUntil, params, nullptr, 0);
  return r.ok() ? Status() : Status(r.error());
}

Result<uint32_t> Timer::EncodeSleepUntil(void* out, uint32_t cap, uint64_t deadline_ns) {
  capnp::MallocMessageBuilder params(16);
  params.initRoot<capos::schema::Timer::SleepUntilParams>().setDeadlineNs(deadline_ns);
  Result<size_t> n = SerializeTo(params, out, cap);
  if (!n.ok()) return n.error();
  return static_cast<uint32_t>(n.value());
}

uint64_t EventClock::NowMs() {
  return clock_.NowMs(__builtin_ia32_rdtsc(), [this](uint64_t* ms) {
    Result<uint64_t> ns = timer_.Now();
    if (!ns.ok()) return false;
    *ms = ns.value() / 1000000;
    return true;
  });
}

}  // namespace caprt
