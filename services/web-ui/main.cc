// web-ui: the self-served browser UI on guest :8080 (README.md, API.md).
// Serves the pinned UI bundle and a JSON API over the same remote-session
// core and IPC backend as the gateway, one core per browser session.
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/json/json_body.h"
#include "services/lib/tls-front/front_glue.h"
#include "services/lib/ui-bundle/ui_bundle.h"
#include "services/web-ui/headers.h"
#include "services/web-ui/loop.h"
#include "ui-bundle/bundle_digest.h"

namespace {

caprt::Console console;

// The bundle resource through the narrow grant `bundle` (one boot-package
// entry), verified against the digest this binary was built with. Nothing
// is served from a bundle that fails: the page would run code nobody pinned.
bool LoadBundle(ui_bundle::Bundle* bundle) {
  caprt::Result<caprt::Cap> cap = caprt::FindCap("bundle", caprt::iface::kBootPackage);
  if (!cap.ok()) {
    console.Printf("web-ui: no bundle grant; only the API is served\n");
    return false;
  }
  caprt::BootPackage pkg(cap.value());
  caprt::BootEntry entry;
  caprt::Result<size_t> count = pkg.List(&entry, 1);
  if (!count.ok() || count.value() != 1) {
    console.Printf("web-ui: the bundle grant must name exactly one resource\n");
    return false;
  }
  caprt::Result<void*> data = pkg.ReadAll(entry.name, entry.size);
  if (!data.ok()) {
    console.Printf("web-ui: reading %s: %s\n", entry.name, caprt::ErrorName(data.error()));
    return false;
  }
  ui_bundle::Error e = bundle->Load(static_cast<const uint8_t*>(data.value()), entry.size,
                                    ui_bundle::pinned::kDigest);
  if (e != ui_bundle::Error::kOk) {
    console.Printf("web-ui: refusing the UI bundle %s: %s (pinned %.16s...)\n", entry.name,
                   ui_bundle::ErrorName(e), ui_bundle::pinned::kDigestHex);
    return false;
  }
  console.Printf("web-ui: UI bundle %s: %u files, %llu bytes, digest %.16s... verified\n",
                 entry.name, bundle->count(), (unsigned long long)entry.size,
                 ui_bundle::pinned::kDigestHex);
  return true;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  json::Init();
  caprt::Result<caprt::Cap> listen = caprt::FindCap("listen", caprt::iface::kTcpListenAuthority);
  caprt::Result<caprt::Cap> timer = caprt::FindCap("timer", caprt::iface::kTimer);
  caprt::Result<caprt::Cap> entropy = caprt::FindCap("entropy", caprt::iface::kEntropySource);
  if (!listen.ok() || !timer.ok() || !entropy.ok()) {
    console.Printf("web-ui: missing a listen, timer or entropy grant\n");
    return 1;
  }
  static ipc_backend::BackendCaps caps;
  if (!ipc_backend::FindBackendCaps(console, "web-ui", timer.value(), &caps)) return 1;
  static ui_bundle::Bundle bundle;
  LoadBundle(&bundle);

  static web_ui::Config config;
  config.admission = ipc_backend::AskAdmission(console, "web-ui", caps.session_manager);
  config.sessions.idle_ms = config.admission.web_idle_ms;
  config.sessions.absolute_ms = config.admission.web_absolute_ms;
  console.Printf("web-ui: browser sessions expire %llu s idle, %llu s after login\n",
                 (unsigned long long)(config.sessions.idle_ms / 1000),
                 (unsigned long long)(config.sessions.absolute_ms / 1000));
  config.entropy = entropy.value();
  config.bundle = bundle.loaded() ? &bundle : nullptr;
  if (!tls_front::FromGrant(console, "web-ui", &config.tls)) return 1;
  web_ui::SetHsts(config.tls != nullptr);
  uint16_t port = ipc_backend::GrantedPort(listen.value());
  // mTLS where the policy names this port: the handshake requires a client
  // certificate (the browser's); it logs no one in here (publicKey is the
  // DTO gateway's).
  if (!tls_front::ClientCertsFromAuthority(console, "web-ui", caps.session_manager, port)) {
    return 1;
  }
  caprt::Result<caprt::Cap> listener = caprt::tcp::Listen(listen.value(), port, web_ui::kBacklog);
  if (!listener.ok()) {
    console.Printf("web-ui: listen on %u failed: %s\n", port, caprt::ErrorName(listener.error()));
    return 1;
  }
  static ipc_backend::IpcBackend backend(caps, console);
  backend.SetTerminalGrace(config.admission.terminal_grace_ms);
  static web_ui::Loop loop(backend, console, caprt::Timer(timer.value()), config);
  console.Printf("web-ui: listening on %u (at most %u connections, %u browser sessions)\n", port,
                 web_ui::kMaxConns, web_ui::kMaxBrowsers);
  caprt::Error e = loop.Run(listener.value());
  console.Printf("web-ui: event loop ended: %s\n", caprt::ErrorName(e));
  return 1;
}
