#include "services/lib/ipc-backend/relay_pool.h"

#include <string.h>

#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/async.h"
#include "services/lib/ipc-backend/relay_codec.h"
#include "services/lib/ipc-backend/worker_client.h"
#include "services/lib/remote-session/stage_clock.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;

// user_data: bit 61 marks the pool's ops (the loop's TCP ops use bit 62;
// the runtime's own NextUserData values carry bit 63); bit 60 marks a
// CANCEL; then the slot's generation and index.
constexpr uint64_t kRelayMark = 1ull << 61;
constexpr uint64_t kCancelMark = 1ull << 60;
constexpr uint64_t kLoopMark = 1ull << 62;

}  // namespace

bool RelayPool::Owns(uint64_t user_data) {
  return (user_data & kRelayMark) != 0 &&
         (user_data & (kLoopMark | caprt::Ring::kRuntimeUserData)) == 0;
}

uint64_t RelayPool::UserData(uint32_t i) const {
  return kRelayMark | (uint64_t(slots_[i].generation & 0xffffff) << 8) | i;
}

rs::BackendStatus RelayPool::Submit(const caprt::Cap& control, uint64_t session, uint64_t event,
                                    uint32_t call_tag, const rs::ChatRequest& req) {
  uint32_t i = 0;
  while (i < kMaxRelays && slots_[i].state != State::kFree) ++i;
  if (i == kMaxRelays) return rs::BackendStatus::kBoundExceeded;
  Slot& s = slots_[i];
  uint32_t n = EncodeRelayParams(req, buffers_[i].params, sizeof(buffers_[i].params));
  if (n == 0) return rs::BackendStatus::kUnavailable;
  s.service = false;
  s.op = req.op;
  s.call_tag = call_tag;
  s.session = session;
  s.event = event;
  Launch(i, control, L::ChatWorker::kRelay, n);
  return rs::BackendStatus::kPending;
}

void RelayPool::Launch(uint32_t i, const caprt::Cap& control, uint16_t method, uint32_t n) {
  Slot& s = slots_[i];
  s.state = State::kInFlight;
  s.cancelled = false;
  s.generation = (s.generation + 1) & 0xffffff;
  ++in_use_;
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kCall);
  sqe.method = method;
  sqe.slot = control.slot;
  sqe.generation = control.generation;
  sqe.interface_id = control.interface_id;
  sqe.params_addr = reinterpret_cast<uint64_t>(buffers_[i].params);
  sqe.params_len = n;
  sqe.result_addr = reinterpret_cast<uint64_t>(buffers_[i].reply);
  sqe.result_cap = sizeof(buffers_[i].reply);
  sqe.timeout_ms = kRelayTimeoutMs;
  sqe.user_data = UserData(i);
  s.submit_tsc = rs::Tsc();
  caprt::async::Submit(sqe);
}

rs::BackendStatus RelayPool::SubmitService(const caprt::Cap& control, uint64_t session,
                                           uint64_t event, uint32_t call_tag, uint16_t method,
                                           const void* params, uint32_t params_len) {
  uint32_t i = 0;
  while (i < kMaxRelays && slots_[i].state != State::kFree) ++i;
  if (i == kMaxRelays) return rs::BackendStatus::kBoundExceeded;
  Slot& s = slots_[i];
  uint32_t n = EncodeServiceRelayParams(method, params, params_len, buffers_[i].params,
                                        sizeof(buffers_[i].params));
  if (n == 0) return rs::BackendStatus::kUnavailable;
  s.service = true;
  s.call_tag = call_tag;
  s.session = session;
  s.event = event;
  Launch(i, control, L::ServiceWorker::kRelay, n);
  return rs::BackendStatus::kPending;
}

uint32_t RelayPool::TakeService(int slot, rs::BackendStatus* status, void* out, uint32_t cap,
                                uint32_t* len) {
  Slot& s = slots_[slot];
  *len = 0;
  if (s.status == -int32_t(abi::Error::kStaleSession)) {
    *status = rs::BackendStatus::kStale;
  } else if (s.status == -int32_t(abi::Error::kDisconnected)) {
    *status = rs::BackendStatus::kWorkerGone;
  } else if (s.status != 0) {
    *status = rs::BackendStatus::kUnavailable;
  } else {
    // Copied out: the slot is freed below and the core decodes later.
    const uint8_t* results = nullptr;
    uint32_t n = 0;
    bool ok = ReadRelayResults(buffers_[slot].reply, s.len, cap, &results, &n);
    if (ok) memcpy(out, results, n);
    *len = ok ? n : 0;
    *status = ok ? rs::BackendStatus::kOk : rs::BackendStatus::kUnavailable;
  }
  uint32_t tag = s.call_tag;
  Free(slot);
  return tag;
}

int RelayPool::Complete(const abi::Cqe& cqe) {
  if ((cqe.user_data & kCancelMark) != 0) return -1;
  uint32_t i = static_cast<uint32_t>(cqe.user_data & 0xff);
  if (i >= kMaxRelays) return -1;
  Slot& s = slots_[i];
  if (s.state != State::kInFlight || cqe.user_data != UserData(i)) return -1;
  s.state = State::kDone;
  rs::Stages().Add(rs::Stage::kRelay, rs::Tsc() - s.submit_tsc);
  s.status = cqe.status;
  s.len = cqe.status == 0 && cqe.result_len <= kRelayBufferBytes ? cqe.result_len : 0;
  return static_cast<int>(i);
}

int RelayPool::NextDone(uint64_t event) const {
  for (uint32_t i = 0; i < kMaxRelays; ++i) {
    if (slots_[i].state == State::kDone && slots_[i].event == event) return static_cast<int>(i);
  }
  return -1;
}

uint32_t RelayPool::Take(int slot, rs::BackendStatus* status, rs::ChatReply* reply) {
  Slot& s = slots_[slot];
  // Not cleared first (it is several KiB): the decode sets every field of
  // its op, and the core reads no other, nor any on a failure.
  *status = DecodeRelayReply(s.op, s.status, buffers_[slot].reply, s.len, reply);
  uint32_t tag = s.call_tag;
  Free(slot);
  return tag;
}

void RelayPool::Discard(int slot) {
  if (slots_[slot].state == State::kDone) Free(slot);
}

void RelayPool::Free(int slot) {
  slots_[slot].state = State::kFree;
  slots_[slot].session = slots_[slot].event = 0;
  --in_use_;
}

void RelayPool::CancelSession(uint64_t session) {
  for (uint32_t i = 0; i < kMaxRelays; ++i) {
    Slot& s = slots_[i];
    if (s.state != State::kInFlight || s.session != session || s.cancelled) continue;
    s.cancelled = true;
    abi::Sqe sqe = {};
    sqe.opcode = static_cast<uint8_t>(abi::Op::kCancel);
    sqe.interface_id = UserData(i);
    sqe.user_data = kRelayMark | kCancelMark | i;
    caprt::async::Submit(sqe);
  }
}

void RelayPool::DropEvent(uint64_t event) {
  for (uint32_t i = 0; i < kMaxRelays; ++i) {
    if (slots_[i].state == State::kDone && slots_[i].event == event) Free(static_cast<int>(i));
  }
}

}  // namespace ipc_backend
