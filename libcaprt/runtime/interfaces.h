// Interface ids and method ordinals of the kernel interfaces.
//
// Lite-mode generated code carries no interface ids, so the runtime takes
// them from the layout headers tools/capnp-kernel-gen generates from the
// same schemas (never restated by hand); interfaces_test.cc cross-checks
// them against the full-mode generated schema on the host.
#pragma once

#include <stdint.h>

#include "layout/kernel.capnp.layout.h"

namespace caprt::iface {

namespace L = capos::layout;

inline constexpr uint64_t kConsole = L::Console::kId;
inline constexpr uint16_t kConsoleWrite = L::Console::kWrite;

inline constexpr uint64_t kTimer = L::Timer::kId;
inline constexpr uint16_t kTimerNow = L::Timer::kNow;
inline constexpr uint16_t kTimerSleep = L::Timer::kSleep;
inline constexpr uint16_t kTimerSleepUntil = L::Timer::kSleepUntil;
inline constexpr uint16_t kTimerWallClock = L::Timer::kWallClock;

inline constexpr uint64_t kBootPackage = L::BootPackage::kId;
inline constexpr uint16_t kBootPackageList = L::BootPackage::kList;
inline constexpr uint16_t kBootPackageRead = L::BootPackage::kRead;

inline constexpr uint64_t kProcessSpawner = L::ProcessSpawner::kId;
inline constexpr uint16_t kProcessSpawnerSpawn = L::ProcessSpawner::kSpawn;

inline constexpr uint64_t kProcessHandle = L::ProcessHandle::kId;
inline constexpr uint64_t kEndpointFactory = L::EndpointFactory::kId;
inline constexpr uint64_t kSessionAuthority = L::SessionAuthority::kId;
inline constexpr uint64_t kSessionCell = L::SessionCell::kId;
inline constexpr uint64_t kEntropySource = L::EntropySource::kId;
inline constexpr uint64_t kDiagnostics = L::Diagnostics::kId;
inline constexpr uint64_t kTcpListenAuthority = L::TcpListenAuthority::kId;
inline constexpr uint64_t kTcpListener = L::TcpListener::kId;
inline constexpr uint64_t kTcpSocket = L::TcpSocket::kId;

}  // namespace caprt::iface
