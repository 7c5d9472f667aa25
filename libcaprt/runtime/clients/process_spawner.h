// Typed client for the kernel ProcessSpawner cap.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

// One cap the caller holds, passed on to the child as `name`.
struct SpawnGrant {
  const char* name;
  Cap cap;
};

class ProcessSpawner {
 public:
  static Result<ProcessSpawner> Find(const char* name = "processSpawner");

  ProcessSpawner() = default;
  explicit ProcessSpawner(const Cap& cap) : cap_(cap) {}
  const Cap& cap() const { return cap_; }

  // Starts `binary` (a boot-package ELF) as service `name` with exactly
  // `grants`; returns its pid. Errors are the kernel's (notFound, badImage,
  // abiMismatch, badSlot, staleGeneration, noMemory).
  Result<uint32_t> Spawn(const char* name, const char* binary, const SpawnGrant* grants,
                         size_t grant_count, uint32_t heap_pages);

 private:
  Cap cap_;
};

}  // namespace caprt
