// gateway: the remote-session front end on guest :2327 (README.md). Accepts
// TCP connections, runs one remote-session core (services/lib/remote-session)
// per connection over length-prefixed DTO frames, and implements the core's
// Backend over IPC: SessionManager / UserSession / AuthorityBroker /
// SystemInfo, and per-session chat workers started through the restricted
// launcher bound to the caller's session.
#include "layout/adventure.capnp.layout.h"
#include "layout/authority.capnp.layout.h"
#include "layout/chat.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "layout/paperclips.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/authority.capnp.h"
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

// The manifest's admission policy, from the authority. Without an answer
// the defaults (30 s, 3 tries) hold, and the log
// says so.
gateway::AdmissionPolicy AskAdmission(const caprt::Cap& session_manager) {
  gateway::AdmissionPolicy p;
  alignas(8) uint64_t reply[8];
  caprt::Result<uint32_t> n =
      caprt::Call(session_manager, L::SessionManager::kAdmission, nullptr, 0, reply, sizeof(reply));
  caprt::Status d(abi::Error::kMalformedMessage);
  uint32_t grace_s = 0, tries = 0;
  if (n.ok()) {
    d = caprt::DecodeRoot<capos::schema::SessionManager::AdmissionResults>(
        reply, n.value(), [&](capos::schema::SessionManager::AdmissionResults::Reader r) {
          grace_s = r.getPreAuthGraceSeconds();
          tries = r.getMaxAuthTries();
        });
  }
  if (!d.ok() || grace_s == 0 || tries == 0) {
    console.Printf("gateway: no admission policy from the authority; defaults hold\n");
    return p;
  }
  p.pre_auth_grace_ms = uint64_t(grace_s) * 1000;
  p.max_auth_tries = tries;
  return p;
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

  // Launched services (optional grants: a manifest without games has an
  // empty catalog). Backend-held grants go to workers and companions by
  // name; client facets by the interface a remote client names.
  auto optional = [&](const char* name, uint64_t iface) {
    caprt::Result<caprt::Cap> cap = caprt::FindCap(name, iface);
    return cap.ok() ? cap.value() : caprt::Cap{};
  };
  static gateway::GrantSource sources[] = {
      {"console", console.cap(), false},
      {"timer", timer, false},
      {"world", optional("adventureNpc", L::AdventureNpc::kId), false},
      {"narrator", optional("narrator", L::ChatNarrator::kId), false},
      {"adventure", optional("adventure", L::Adventure::kId), true},
      {"paperclips", optional("paperclips", L::Paperclips::kId), true},
      {"chat", caps.worker.chat, true},
  };
  static gateway::GrantSource present[sizeof(sources) / sizeof(sources[0])];
  uint32_t source_count = 0;
  for (const gateway::GrantSource& src : sources) {
    if (src.cap.interface_id != 0) present[source_count++] = src;
  }
  static gateway::Catalog catalog;
  char why[96] = {};
  if (!gateway::LoadCatalog(caps.broker, &catalog, why, sizeof(why))) {
    console.Printf("gateway: no service catalog (%s); launches are refused\n", why);
  }
  console.Printf("gateway: service catalog: %u profiles\n", catalog.count);
  caps.catalog = &catalog;
  caps.sources = present;
  caps.source_count = source_count;

  uint16_t port = GrantedPort(listen);
  caprt::Result<caprt::Cap> listener = caprt::tcp::Listen(listen, port, gateway::kBacklog);
  if (!listener.ok()) {
    console.Printf("gateway: listen on %u failed: %s\n", port, caprt::ErrorName(listener.error()));
    return 1;
  }
  static gateway::IpcBackend backend(caps, console);
  gateway::AdmissionPolicy admission = AskAdmission(caps.session_manager);
  static gateway::Loop loop(backend, console, caprt::Timer(timer), admission);
  console.Printf("gateway: pre-auth grace %llu s, %u failed logins per connection\n",
                 (unsigned long long)(admission.pre_auth_grace_ms / 1000),
                 admission.max_auth_tries);
  console.Printf("gateway: listening on %u (at most %u connections)\n", port, gateway::kMaxConns);
  caprt::Error e = loop.Run(listener.value());
  console.Printf("gateway: event loop ended: %s\n", caprt::ErrorName(e));
  return 1;
}
