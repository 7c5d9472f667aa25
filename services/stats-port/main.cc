// stats-port: Diagnostics.stats for host tests, on the one port its
// TcpListenAuthority allows (test manifests only; README.md). Each accepted
// connection gets one line
//   stats processes=P objects=O freeFrames=F kernelAllocations=A liveSessions=S
// and is closed. One connection at a time; nothing is read from the peer.
// The stats are taken while that connection is open, so every reading
// counts exactly one accepted socket of its own.
#include <stdio.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/interfaces.h"

namespace {

// The web UI's port, which tools/run-qemu forwards; the fault-suite
// manifest starts no web UI. The authority allows no other.
constexpr uint16_t kPort = 8080;
constexpr uint32_t kBacklog = 4;

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  caprt::Console console = c.value();
  caprt::Result<caprt::Cap> diag = caprt::FindCap("diagnostics", caprt::iface::kDiagnostics);
  caprt::Result<caprt::Cap> listen = caprt::FindCap("listen", caprt::iface::kTcpListenAuthority);
  if (!diag.ok() || !listen.ok()) {
    console.Write("stats-port: needs diagnostics and listen\n");
    return 1;
  }
  caprt::Result<caprt::Cap> listener = caprt::tcp::Listen(listen.value(), kPort, kBacklog);
  if (!listener.ok()) {
    console.Printf("stats-port: listen on %u failed: %s\n", kPort,
                   caprt::ErrorName(listener.error()));
    return 1;
  }
  console.Printf("stats-port: listening on %u\n", kPort);
  for (;;) {
    caprt::Result<caprt::Cap> sock = caprt::tcp::Accept(listener.value());
    if (!sock.ok()) {
      console.Printf("stats-port: accept failed: %s\n", caprt::ErrorName(sock.error()));
      return 1;
    }
    caprt::Result<caprt::KernelStats> s = caprt::Stats(diag.value());
    char line[192];
    int n =
        s.ok() ? snprintf(line, sizeof(line),
                          "stats processes=%u objects=%u freeFrames=%llu "
                          "kernelAllocations=%llu liveSessions=%u\n",
                          s.value().processes, s.value().objects,
                          (unsigned long long)s.value().free_frames,
                          (unsigned long long)s.value().kernel_allocations, s.value().live_sessions)
               : snprintf(line, sizeof(line), "error %s\n", caprt::ErrorName(s.error()));
    caprt::tcp::SendAll(sock.value(), line, static_cast<uint32_t>(n));
    caprt::tcp::Close(sock.value());
    caprt::Release(sock.value());
  }
}
