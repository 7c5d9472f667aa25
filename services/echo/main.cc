// echo: the network proof service. Listens on the one port its
// TcpListenAuthority allows and echoes every byte of every connection back,
// many connections at once from one event loop. After the peer's FIN it
// finishes sending what it has, then shuts down its write side.
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"
#include "services/echo/conn.h"

namespace {

using caprt::Cap;
using caprt::ErrorName;

caprt::Console console;

// Listening on any port but the granted one must be a typed denial.
uint16_t ProbeAuthority(const Cap& authority) {
  alignas(8) uint64_t reply[4];
  caprt::Result<uint32_t> n = caprt::Call(authority, capos::layout::TcpListenAuthority::kPort,
                                          nullptr, 0, reply, sizeof(reply));
  uint16_t port = 0;
  if (n.ok()) {
    caprt::DecodeRoot<capos::schema::TcpListenAuthority::PortResults>(
        reply, n.value(),
        [&](capos::schema::TcpListenAuthority::PortResults::Reader r) { port = r.getPort(); });
  }
  caprt::Result<Cap> other = caprt::tcp::Listen(authority, uint16_t(port + 1), 4);
  if (!other.ok() && other.error() == caprt::Error::kDenied) {
    console.Printf("PASS listen-unauthorized-port-denied (port %u: denied)\n", port + 1u);
  } else {
    console.Printf("FAIL listen-unauthorized-port-denied: port %u gave %s\n", port + 1u,
                   other.ok() ? "a listener" : ErrorName(other.error()));
  }
  return port;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<Cap> authority = caprt::FindCap("listen", caprt::iface::kTcpListenAuthority);
  if (!authority.ok()) {
    console.Write("echo: no tcpListenAuthority grant named listen\n");
    return 1;
  }
  uint16_t port = ProbeAuthority(authority.value());
  caprt::Result<Cap> listener = caprt::tcp::Listen(authority.value(), port, echo::kBacklog);
  if (!listener.ok()) {
    console.Printf("echo: listen on %u failed: %s\n", port, ErrorName(listener.error()));
    return 1;
  }
  console.Printf("listening on %u\n", port);
  static echo::Loop loop;
  caprt::Error e = loop.Run(listener.value(), console);
  console.Printf("echo: event loop ended: %s\n", ErrorName(e));
  return 1;
}
