#include "services/lib/ipc-backend/backend_caps.h"

#include "layout/adventure.capnp.layout.h"
#include "layout/authority.capnp.layout.h"
#include "layout/chat.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "layout/paperclips.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/authority.capnp.h"
#include "schema/kernel.capnp.h"

namespace ipc_backend {

namespace L = capos::layout;

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

AdmissionPolicy AskAdmission(caprt::Console& console, const char* who,
                             const caprt::Cap& session_manager) {
  AdmissionPolicy p;
  alignas(8) uint64_t reply[8];
  caprt::Result<uint32_t> n =
      caprt::Call(session_manager, L::SessionManager::kAdmission, nullptr, 0, reply, sizeof(reply));
  caprt::Status d(abi::Error::kMalformedMessage);
  uint32_t grace_s = 0, tries = 0, idle_s = 0, absolute_s = 0, terminal_s = 0;
  if (n.ok()) {
    d = caprt::DecodeRoot<capos::schema::SessionManager::AdmissionResults>(
        reply, n.value(), [&](capos::schema::SessionManager::AdmissionResults::Reader r) {
          grace_s = r.getPreAuthGraceSeconds();
          tries = r.getMaxAuthTries();
          idle_s = r.getWebIdleSeconds();
          absolute_s = r.getWebAbsoluteSeconds();
          terminal_s = r.getTerminalGraceSeconds();
        });
  }
  if (!d.ok() || grace_s == 0 || tries == 0) {
    console.Printf("%s: no admission policy from the authority; defaults hold\n", who);
    return p;
  }
  p.pre_auth_grace_ms = uint64_t(grace_s) * 1000;
  p.max_auth_tries = tries;
  if (idle_s != 0 && absolute_s != 0) {
    p.web_idle_ms = uint64_t(idle_s) * 1000;
    p.web_absolute_ms = uint64_t(absolute_s) * 1000;
  }
  if (terminal_s != 0) p.terminal_grace_ms = uint64_t(terminal_s) * 1000;
  return p;
}

bool FindBackendCaps(caprt::Console& console, const char* who, const caprt::Cap& timer,
                     BackendCaps* caps) {
  bool ok = true;
  auto find = [&](const char* name, uint64_t iface) {
    caprt::Result<caprt::Cap> cap = caprt::FindCap(name, iface);
    if (!cap.ok()) {
      console.Printf("%s: no %s grant (%s)\n", who, name, caprt::ErrorName(cap.error()));
      ok = false;
      return caprt::Cap{};
    }
    return cap.value();
  };
  caps->session_manager = find("sessionManager", L::SessionManager::kId);
  caps->broker = find("broker", L::AuthorityBroker::kId);
  caps->system_info = find("systemInfo", L::SystemInfo::kId);
  caps->worker.launcher = find("launcher", L::RestrictedLauncher::kId);
  caps->worker.factory = find("endpointFactory", caprt::iface::kEndpointFactory);
  caps->worker.chat = find("chat", L::Chat::kId);
  caps->worker.console = console.cap();
  if (!ok) return false;

  // Launched services (optional grants: a manifest without games has an
  // empty catalog). Backend-held grants go to workers and companions by
  // name; client facets by the interface a remote client names.
  auto optional = [&](const char* name, uint64_t iface) {
    caprt::Result<caprt::Cap> cap = caprt::FindCap(name, iface);
    return cap.ok() ? cap.value() : caprt::Cap{};
  };
  static GrantSource sources[] = {
      {"console", console.cap(), false},
      {"timer", timer, false},
      {"world", optional("adventureNpc", L::AdventureNpc::kId), false},
      {"narrator", optional("narrator", L::ChatNarrator::kId), false},
      {"adventure", optional("adventure", L::Adventure::kId), true},
      {"paperclips", optional("paperclips", L::Paperclips::kId), true},
      {"chat", caps->worker.chat, true},
  };
  static GrantSource present[sizeof(sources) / sizeof(sources[0])];
  uint32_t source_count = 0;
  for (const GrantSource& src : sources) {
    if (src.cap.interface_id != 0) present[source_count++] = src;
  }
  static Catalog catalog;
  char why[96] = {};
  if (!LoadCatalog(caps->broker, &catalog, why, sizeof(why))) {
    console.Printf("%s: no service catalog (%s); launches are refused\n", who, why);
  }
  console.Printf("%s: service catalog: %u profiles\n", who, catalog.count);
  caps->catalog = &catalog;
  caps->sources = present;
  caps->source_count = source_count;
  return true;
}

}  // namespace ipc_backend
