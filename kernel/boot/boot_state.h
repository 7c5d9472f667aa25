// What the kernel learned at boot and keeps for the objects that serve it:
// the validated boot package (read-only for the kernel's lifetime).
#pragma once

#include "kernel/boot/boot_package.h"

namespace boot {
const bootpkg::Package& package();
void set_package(const bootpkg::Package& pkg);
}  // namespace boot
