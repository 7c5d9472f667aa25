// gateway: the remote-session front end on guest :2327 (README.md). Accepts
// TCP connections, runs one remote-session core (services/lib/remote-session)
// per connection over length-prefixed DTO frames, and implements the core's
// Backend over IPC: SessionManager / UserSession / AuthorityBroker /
// SystemInfo, and per-session chat workers started through the restricted
// launcher bound to the caller's session.
#include "layout/authority.capnp.layout.h"
#include "layout/chat.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"
#include "services/gateway/conn_loop.h"
#include "services/gateway/ipc_backend.h"

namespace {

namespace L = capos::layout;
caprt::Console console;

uint16_t GrantedPort(const caprt::Cap& authority) {
  alignas(8) uint64_t reply[4];
  caprt::Result<uint32_t> n =
      caprt::Call(authority, L::TcpListenAuthority::kPort, nullptr, 0, reply, sizeof(reply));
  uint16_t port = 0;
  if (n.ok()) {
    caprt::DecodeRoot<capos::schema::TcpListenAuthority::PortResults>(
        reply, n.value(),
        [&](capos::schema::TcpListenAuthority::PortResults::Reader r) { port = r.getPort(); });
  }
  return port;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  bool ok = true;
  auto find = [&](const char* name, uint64_t iface) {
    caprt::Result<caprt::Cap> cap = caprt::FindCap(name, iface);
    if (!cap.ok()) {
      console.Printf("gateway: no %s grant (%s)\n", name, caprt::ErrorName(cap.error()));
      ok = false;
      return caprt::Cap{};
    }
    return cap.value();
  };
  caprt::Cap listen = find("listen", caprt::iface::kTcpListenAuthority);
  caprt::Cap timer = find("timer", caprt::iface::kTimer);
  gateway::BackendCaps caps;
  caps.session_manager = find("sessionManager", L::SessionManager::kId);
  caps.broker = find("broker", L::AuthorityBroker::kId);
  caps.system_info = find("systemInfo", L::SystemInfo::kId);
  caps.worker.launcher = find("launcher", L::RestrictedLauncher::kId);
  caps.worker.factory = find("endpointFactory", caprt::iface::kEndpointFactory);
  caps.worker.chat = find("chat", L::Chat::kId);
  caps.worker.console = console.cap();
  if (!ok) return 1;

  uint16_t port = GrantedPort(listen);
  caprt::Result<caprt::Cap> listener = caprt::tcp::Listen(listen, port, gateway::kBacklog);
  if (!listener.ok()) {
    console.Printf("gateway: listen on %u failed: %s\n", port, caprt::ErrorName(listener.error()));
    return 1;
  }
  static gateway::IpcBackend backend(caps, console);
  static gateway::Loop loop(backend, console, caprt::Timer(timer), port);
  console.Printf("gateway: listening on %u (at most %u connections)\n", port, gateway::kMaxConns);
  caprt::Error e = loop.Run(listener.value());
  console.Printf("gateway: event loop ended: %s\n", caprt::ErrorName(e));
  return 1;
}
