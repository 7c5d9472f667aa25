// Interface ids and method ordinals of schema/kernel.capnp.
//
// Lite-mode generated code carries no interface ids, so they are restated
// here; interfaces_test.cc checks every one against the full-mode generated
// schema on the host, so a schema change cannot silently desynchronise them.
#pragma once

#include <stdint.h>

namespace caprt::iface {

inline constexpr uint64_t kConsole = 0xd3b0a8d1c5c6e701;
inline constexpr uint16_t kConsoleWrite = 0;

inline constexpr uint64_t kTimer = 0xd3b0a8d1c5c6e702;
inline constexpr uint16_t kTimerNow = 0;
inline constexpr uint16_t kTimerSleep = 1;
inline constexpr uint16_t kTimerSleepUntil = 2;

inline constexpr uint64_t kBootPackage = 0xd3b0a8d1c5c6e703;
inline constexpr uint16_t kBootPackageList = 0;
inline constexpr uint16_t kBootPackageRead = 1;

inline constexpr uint64_t kProcessSpawner = 0xd3b0a8d1c5c6e704;
inline constexpr uint16_t kProcessSpawnerSpawn = 0;

}  // namespace caprt::iface
