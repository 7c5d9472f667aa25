// The echo event loop: one accept and, per connection, one recv or one
// send in flight, all as asynchronous CALLs on the ring.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace echo {

inline constexpr uint32_t kMaxConns = 120;
inline constexpr uint32_t kBacklog = 64;
inline constexpr uint32_t kChunk = 16 * 1024;
// A connection that sends nothing for this long is closed (reaped), so idle
// clients cannot hold the table's slots forever. Generous, because under a
// loaded TCG guest a burst of 100 new connections can take tens of seconds
// to get its first data through (dropped segments, retransmit backoff).
inline constexpr uint32_t kIdleMs = 60000;

class Loop {
 public:
  // Serves until the listener fails; returns why.
  caprt::Error Run(const caprt::Cap& listener, caprt::Console& console);

 private:
  struct Conn {
    bool used = false;
    caprt::Cap sock;
    bool eof = false;  // peer sent FIN: finish sending, then shut down
    uint32_t len = 0;  // bytes in data still to echo, from off
    uint32_t off = 0;
    alignas(8) uint8_t params[kChunk + 64];
    alignas(8) uint8_t reply[kChunk + 64];
    uint8_t data[kChunk];
  };

  void PostAccept();
  void PostRecv(uint32_t i);
  void PostSend(uint32_t i);
  void OnAccept(const abi::Cqe& cqe);
  void OnRecv(uint32_t i, const abi::Cqe& cqe);
  void OnSend(uint32_t i, const abi::Cqe& cqe);
  void Finish(uint32_t i, bool graceful);

  caprt::Cap listener_;
  caprt::Console* console_ = nullptr;
  alignas(8) uint8_t accept_reply_[128];
  Conn conns_[kMaxConns];
  uint32_t live_ = 0;
  uint64_t served_ = 0;
};

}  // namespace echo
