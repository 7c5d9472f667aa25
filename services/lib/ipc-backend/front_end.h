// What every front end over the IPC backend (gateway, web-ui) routes the
// same way: the user_data layout of its own CALLs and the one loop that
// hands each completion to its owner (docs/architecture.md, "Asynchronous
// services"). The front end keeps its connections and what they mean.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/result.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/ipc-backend/relay_pool.h"

namespace ipc_backend::front_end {

// user_data of a front end's own CALLs: a high marker bit (never the ring's
// own values, bit 63, nor the backend's bits 61 and 59), the connection
// slot, the op.
inline constexpr uint64_t kMark = 1ull << 62;
inline constexpr uint64_t kAccept = 1, kRecv = 2, kSend = 3, kCancel = 4, kTimer = 5;
inline constexpr uint32_t kLoopIndex = 0xffffff;  // accept and timer: not a connection
inline uint64_t Tag(uint32_t i, uint64_t op) {
  return kMark | (uint64_t(i) << 8) | op;
}

// Pops completions until the ring or the listener fails: the backend's
// relays and operations to it, the front end's own by op. `L` provides
// ArmTimer() (before sleeping), Tick() (per completion), OnRelay, OnOp,
// OnAccept, OnTimer and OnConnOp(slot, op, cqe) for recv and send.
template <typename L>
caprt::Error Run(L& loop) {
  for (;;) {
    caprt::Result<abi::Cqe> next = caprt::async::Next([&loop] { loop.ArmTimer(); });
    if (!next.ok()) return next.error();
    const abi::Cqe& cqe = next.value();
    loop.Tick();
    if (RelayPool::Owns(cqe.user_data)) {
      loop.OnRelay(cqe);
    } else if (IpcBackend::OwnsOp(cqe.user_data)) {
      loop.OnOp(cqe);
    } else if ((cqe.user_data & kMark) == 0 || caprt::async::IsRuntime(cqe.user_data)) {
      continue;  // a late completion of a synchronous call
    } else if (uint64_t op = cqe.user_data & 0xff; op == kAccept) {
      // A full accept queue or memory is the client's problem, not ours.
      if (cqe.status != 0 && cqe.status != -int32_t(abi::Error::kNoMemory) &&
          cqe.status != -int32_t(abi::Error::kBusy)) {
        return caprt::ErrorFromStatus(cqe.status);
      }
      loop.OnAccept(cqe);
    } else if (op == kTimer) {
      loop.OnTimer();
    } else if (op == kRecv || op == kSend) {
      loop.OnConnOp(static_cast<uint32_t>((cqe.user_data & ~kMark) >> 8), op, cqe);
    }
  }
}

}  // namespace ipc_backend::front_end
