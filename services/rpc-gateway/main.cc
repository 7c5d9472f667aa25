// rpc-gateway: remote sessions over standard Cap'n Proto RPC on its manifest
// port (README.md, schema/remote_rpc.capnp). The stock rpc.c++ and
// rpc-twoparty.c++ of capnp 0.9.2, built freestanding, run on kj's event
// loop over the caprt ring (RingPort); each connection's bootstrap is a
// Gateway over its own remote-session core and the shared IPC backend, the
// same core and backend as the DTO gateway and web-ui.
#include <kj/async.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/remote_rpc.capnp.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/tls-front/front_glue.h"
#include "services/rpc-gateway/connection.h"
#include "services/rpc-gateway/tcp_stream.h"

namespace {

// Connections the kernel may hold for us before we accept them.
constexpr uint32_t kBacklog = 8;

caprt::Console console;

kj::Promise<void> AcceptLoop(rpc_gateway::TcpReceiver& receiver, rpc_gateway::Front& front) {
  return receiver.AcceptTcp().then([&](kj::Own<rpc_gateway::TcpStream> stream) {
    front.Start(kj::mv(stream));
    return AcceptLoop(receiver, front);
  });
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Cap> listen = caprt::FindCap("listen", caprt::iface::kTcpListenAuthority);
  caprt::Result<caprt::Cap> timer = caprt::FindCap("timer", caprt::iface::kTimer);
  if (!listen.ok() || !timer.ok()) {
    console.Printf("rpc-gateway: no %s grant\n", listen.ok() ? "timer" : "listen");
    return 1;
  }
  // The same backend grants, catalog and admission policy as the other
  // front ends (services/lib/ipc-backend), so the same rules hold here.
  static ipc_backend::BackendCaps caps;
  if (!ipc_backend::FindBackendCaps(console, "rpc-gateway", timer.value(), &caps)) return 1;
  uint16_t port = ipc_backend::GrantedPort(listen.value());
  caprt::Result<caprt::Cap> listener = caprt::tcp::Listen(listen.value(), port, kBacklog);
  if (!listener.ok()) {
    console.Printf("rpc-gateway: listen on %u failed: %s\n", port,
                   caprt::ErrorName(listener.error()));
    return 1;
  }
  static ipc_backend::IpcBackend backend(caps, console);
  ipc_backend::AdmissionPolicy admission =
      ipc_backend::AskAdmission(console, "rpc-gateway", caps.session_manager);
  backend.SetTerminalGrace(admission.terminal_grace_ms);
  // Before the event loop: setting TLS up makes synchronous calls.
  const mbedtls_ssl_config* tls = nullptr;
  if (!tls_front::FromGrant(console, "rpc-gateway", &tls)) return 1;
  // mTLS where the policy names this port (the handshake only: publicKey
  // is not served over RPC yet).
  if (!tls_front::ClientCertsFromAuthority(console, "rpc-gateway", caps.session_manager, port)) {
    return 1;
  }

  static rpc_gateway::RingPort ring{caprt::Timer(timer.value())};
  kj::EventLoop loop(ring);
  kj::WaitScope wait_scope(loop);
  static rpc_gateway::Front front(ring, backend, console, admission);
  front.set_tls(tls);
  rpc_gateway::TcpReceiver receiver(ring, listener.value(), port);
  console.Printf("rpc-gateway: pre-auth grace %llu s, %u failed logins per connection\n",
                 (unsigned long long)(admission.pre_auth_grace_ms / 1000),
                 admission.max_auth_tries);
  console.Printf("rpc-gateway: listening on %u (at most %u connections)\n", port,
                 capos::rpc::MAX_CONNECTIONS);
  AcceptLoop(receiver, front).wait(wait_scope);
  console.Printf("rpc-gateway: accept loop ended\n");
  return 1;
}
