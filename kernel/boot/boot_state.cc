#include "kernel/boot/boot_state.h"

namespace boot {
namespace {
bootpkg::Package pkg;
}
const bootpkg::Package& package() {
  return pkg;
}
void set_package(const bootpkg::Package& p) {
  pkg = p;
}
}  // namespace boot
