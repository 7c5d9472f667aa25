// gateway: the remote-session front end on guest :2327 (README.md). Accepts
// TCP connections, runs one remote-session core (services/lib/remote-session)
// per connection over length-prefixed DTO frames, and implements the core's
// Backend over IPC: SessionManager / UserSession / AuthorityBroker /
// SystemInfo, and per-session chat workers started through the restricted
// launcher bound to the caller's session.
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/gateway/conn_loop.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/tls-front/front_glue.h"

namespace {

caprt::Console console;

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Cap> listen = caprt::FindCap("listen", caprt::iface::kTcpListenAuthority);
  caprt::Result<caprt::Cap> timer = caprt::FindCap("timer", caprt::iface::kTimer);
  if (!listen.ok() || !timer.ok()) {
    console.Printf("gateway: no %s grant\n", listen.ok() ? "timer" : "listen");
    return 1;
  }
  static ipc_backend::BackendCaps caps;
  if (!ipc_backend::FindBackendCaps(console, "gateway", timer.value(), &caps)) return 1;

  uint16_t port = ipc_backend::GrantedPort(listen.value());
  caprt::Result<caprt::Cap> listener = caprt::tcp::Listen(listen.value(), port, gateway::kBacklog);
  if (!listener.ok()) {
    console.Printf("gateway: listen on %u failed: %s\n", port, caprt::ErrorName(listener.error()));
    return 1;
  }
  const mbedtls_ssl_config* tls = nullptr;
  if (!tls_front::FromGrant(console, "gateway", &tls)) return 1;
  if (!tls_front::ClientCertsFromAuthority(console, "gateway", caps.session_manager, port)) {
    return 1;
  }
  static ipc_backend::IpcBackend backend(caps, console);
  ipc_backend::AdmissionPolicy admission =
      ipc_backend::AskAdmission(console, "gateway", caps.session_manager);
  backend.SetTerminalGrace(admission.terminal_grace_ms);
  // Optional: with it, logins carry resume tickets (a session with live
  // terminals outlives its connection; a second window joins it).
  caprt::Result<caprt::Cap> entropy = caprt::FindCap("entropy", caprt::iface::kEntropySource);
  static gateway::Tickets tickets(entropy.ok() ? entropy.value() : caprt::Cap());
  static gateway::Loop loop(backend, console, caprt::Timer(timer.value()), admission,
                            entropy.ok() ? &tickets : nullptr, tls);
  console.Printf("gateway: pre-auth grace %llu s, %u failed logins per connection\n",
                 (unsigned long long)(admission.pre_auth_grace_ms / 1000),
                 admission.max_auth_tries);
  console.Printf("gateway: listening on %u (at most %u connections)\n", port, gateway::kMaxConns);
  caprt::Error e = loop.Run(listener.value());
  console.Printf("gateway: event loop ended: %s\n", caprt::ErrorName(e));
  return 1;
}
