// The kernel's reading of the compiled BootManifest: enough to check the
// manifest is coherent with the package and to start init with init's
// grants. init reads the full manifest itself to start everything else.
#pragma once

#include <stdint.h>

#include "kernel/boot/boot_package.h"
#include "kernel/proc/process.h"

namespace boot {

struct InitPlan {
  const char* binary = nullptr;
  uint32_t heap_pages = 0;
  uint32_t grant_count = 0;
  proc::Grant grants[abi::kCapSetMaxEntries];
  bool exit_when_idle = false;
  bool static_address = false;
  uint32_t service_count = 0;
};

// Validates the manifest against the package: at least one service, the
// first named "init", unique names, every binary an ELF entry of the
// package, every grant kind one this kernel can back, and every
// bootResource a blob of the package. Port authorities and scoped boot
// resources are created here and added to init's grants ("tcp-<port>",
// "res-<name>") for init to pass on. On failure `why` holds a precise
// message and the result is false.
bool read_manifest(const bootpkg::Package& pkg, InitPlan* plan, char* why, uint32_t why_len);

}  // namespace boot
