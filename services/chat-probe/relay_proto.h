// The test-only relay protocol between authority-probe (which drives) and
// chat-probe (which calls Chat from inside a session-bound process). Raw
// fixed-layout structs: both ends are built from this header in one tree.
//
// chat-probe CALLs `control` method 0 with a Report (first one: the hello,
// status 0, len 0); the RETURN is the next Command. After `kExit` it exits 0.
// If a control call fails, it exits with 100 + the error code, so the driver
// learns, e.g., that a logged-out session made every call fail staleSession.
#pragma once

#include <stdint.h>

namespace relay {

inline constexpr uint64_t kControlInterfaceId = 0xe1a7c0de0c4a7001ull;
inline constexpr uint32_t kMaxPayload = 34 * 1024;
inline constexpr int kExitBase = 100;

enum class Op : uint16_t { kCall = 0, kExit = 1 };

struct Command {
  uint16_t op;
  uint16_t method;    // Chat method ordinal for kCall
  uint32_t delay_ms;  // sleep before the Chat call
  uint32_t len;       // params bytes that follow
  uint32_t reserved;
};

struct Report {
  int32_t status;  // 0 or -abi::Error of the Chat call
  uint32_t len;    // Chat result bytes that follow
};

}  // namespace relay
