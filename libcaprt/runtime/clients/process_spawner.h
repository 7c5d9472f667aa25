// Typed clients for the kernel ProcessSpawner and ProcessHandle caps.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

// One cap the caller holds, passed on to the child as `name`, with its
// rights narrowed to `rights`.
struct SpawnGrant {
  const char* name;
  Cap cap;
  uint32_t rights = abi::kRightsAll;
};

struct Spawned {
  uint32_t pid;
  Cap handle;  // ProcessHandle
};

class ProcessSpawner {
 public:
  static Result<ProcessSpawner> Find(const char* name = "processSpawner");

  ProcessSpawner() = default;
  explicit ProcessSpawner(const Cap& cap) : cap_(cap) {}
  const Cap& cap() const { return cap_; }

  // Starts `binary` (a boot-package ELF) as service `name` with exactly
  // `grants` (at most abi::kMaxTransferCaps), bound to `session` when given
  // (a SessionCell cap with the bind right). Errors are the kernel's
  // (notFound, badImage, abiMismatch, badSlot, staleSession, noMemory).
  Result<Spawned> Spawn(const char* name, const char* binary, const SpawnGrant* grants,
                        size_t grant_count, uint32_t heap_pages, const Cap* session = nullptr);

 private:
  Cap cap_;
};

struct ExitInfo {
  int32_t status;
  bool killed;
  bool faulted;
};

class ProcessHandle {
 public:
  ProcessHandle() = default;
  explicit ProcessHandle(const Cap& cap) : cap_(cap) {}
  const Cap& cap() const { return cap_; }

  Result<ExitInfo> Wait();
  Status Kill();
  Result<bool> Running();

 private:
  Cap cap_;
};

}  // namespace caprt
