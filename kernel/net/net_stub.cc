// Stands in for the network stack when the kernel is built without the
// lwIP sources (before `make deps`): the kernel boots without network.
#include "kernel/lib/print.h"
#include "kernel/net/net.h"

namespace net {
void init(const Config&) {
  klog("net: built without lwIP; continuing without network");
}
void poll() {}
bool up() {
  return false;
}
uint32_t now_ms() {
  return 0;
}
}  // namespace net
