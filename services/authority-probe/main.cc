// authority-probe: proves issue 3 items 5 and 6 in QEMU, acting as the
// gateway would. It starts authority and chat-server with exactly their caps,
// then drops every cap only they need (sessionAuthority, bootPackage, the
// endpoint owner facets), so from then on it holds what a gateway holds:
// client facets, console, timer, processSpawner, diagnostics and an
// endpointFactory for its test relays. At the end it stops both servers so
// the guest powers off.
#include "layout/authority.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/authority-probe/probe.h"

namespace {

namespace L = capos::layout;
using caprt::Cap;
constexpr uint64_t kChat = 0xc5164bef98ecf572ull;

struct Grants {
  bool ok = true;
  caprt::Console console;
  Cap Find(const char* name, uint64_t iface) {
    caprt::Result<Cap> c = caprt::FindCap(name, iface);
    if (!c.ok()) {
      console.Printf("FAIL setup: no %s grant (%s)\n", name, caprt::ErrorName(c.error()));
      ok = false;
      return Cap{};
    }
    return c.value();
  }
};

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  Grants g{true, console.value()};
  aprobe::Caps caps;
  caps.console = console.value();
  caps.timer = caprt::Timer(g.Find("timer", caprt::iface::kTimer));
  caps.spawner = caprt::ProcessSpawner(g.Find("processSpawner", caprt::iface::kProcessSpawner));
  caps.factory = g.Find("endpointFactory", caprt::iface::kEndpointFactory);
  caps.diagnostics = g.Find("diagnostics", caprt::iface::kDiagnostics);
  caps.manager = g.Find("sessionManager", L::SessionManager::kId);
  caps.broker = g.Find("broker", L::AuthorityBroker::kId);
  caps.info = g.Find("systemInfo", L::SystemInfo::kId);
  caps.chat = g.Find("chat", kChat);
  Cap sa = g.Find("sessionAuthority", caprt::iface::kSessionAuthority);
  Cap boot = g.Find("bootPackage", caprt::iface::kBootPackage);
  Cap mgr_owner = g.Find("sessionManagerOwner", L::SessionManager::kId);
  Cap broker_owner = g.Find("brokerOwner", L::AuthorityBroker::kId);
  Cap info_owner = g.Find("systemInfoOwner", L::SystemInfo::kId);
  Cap chat_owner = g.Find("chatOwner", kChat);
  if (!g.ok) return 1;

  caprt::SpawnGrant auth_grants[] = {
      {"console", caps.console.cap()},
      {"timer", caps.timer.cap()},
      {"bootPackage", boot},
      {"sessionAuthority", sa},
      {"endpointFactory", caps.factory},
      {"sessionManager", mgr_owner},
      {"broker", broker_owner},
      {"systemInfo", info_owner},
  };
  caprt::Result<caprt::Spawned> auth =
      caps.spawner.Spawn("authority", "authority", auth_grants, 8, 512);
  caprt::SpawnGrant chat_grants[] = {{"console", caps.console.cap()}, {"chat", chat_owner}};
  caprt::Result<caprt::Spawned> chat =
      caps.spawner.Spawn("chat-server", "chat-server", chat_grants, 2, 256);
  const Cap handed_on[] = {sa, boot, mgr_owner, broker_owner, info_owner, chat_owner};
  for (const Cap& c : handed_on) caprt::Release(c);
  aprobe::Probe p(caps);
  p.Check("start authority and chat-server", auth.ok() && chat.ok(), "%s / %s",
          caprt::ErrorName(auth.error()), caprt::ErrorName(chat.error()));
  if (auth.ok() && chat.ok()) {
    aprobe::RunAuthChecks(p);
    aprobe::RunChatChecks(p);
    aprobe::RunLoginBench(p);
  }
  if (auth.ok()) caprt::ProcessHandle(auth.value().handle).Kill();
  if (chat.ok()) caprt::ProcessHandle(chat.value().handle).Kill();
  return p.Finish();
}
