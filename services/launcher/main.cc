// launcher: the restricted launcher. Serves RestrictedLauncher on its
// `launcher` endpoint with the launcher profiles of the boot manifest, and
// LauncherControl.shutdown on the optional `launcherControl` endpoint.
// See README.md for what it is granted and its policy.
#include <stdlib.h>
#include <string.h>

#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/launcher/launch_service.h"
#include "services/launcher/profile_loader.h"
#include "services/launcher/serve_loop.h"

namespace {

using caprt::ErrorName;

launcher::Policy policy;

// The manifest is the one kManifest entry of the boot package (as for init).
bool LoadManifestPolicy(caprt::Console& console) {
  static caprt::BootEntry entries[64];
  caprt::Result<caprt::BootPackage> boot = caprt::BootPackage::Find();
  if (!boot.ok()) return false;
  caprt::Result<size_t> count = boot.value().List(entries, 64);
  if (!count.ok()) return false;
  for (size_t i = 0; i < count.value() && i < 64; ++i) {
    if (entries[i].kind != caprt::BootKind::kManifest) continue;
    caprt::Result<void*> bytes = boot.value().ReadAll(entries[i].name, entries[i].size);
    if (!bytes.ok()) {
      console.Printf("launcher: reading the manifest: %s\n", ErrorName(bytes.error()));
      return false;
    }
    char why[128];
    bool ok = launcher::LoadPolicy(bytes.value(), entries[i].size, &policy, why, sizeof(why));
    free(bytes.value());
    if (!ok) console.Printf("launcher: manifest profiles refused: %s\n", why);
    return ok;
  }
  console.Write("launcher: no manifest in the boot package\n");
  return false;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  caprt::Result<caprt::ProcessSpawner> spawner = caprt::ProcessSpawner::Find();
  caprt::Result<caprt::Cap> owner =
      caprt::FindCap("launcher", capos::layout::RestrictedLauncher::kId);
  if (!spawner.ok() || !owner.ok()) {
    console.value().Write("launcher: missing processSpawner or launcher endpoint grant\n");
    return 1;
  }
  if (!LoadManifestPolicy(console.value())) return 1;
  static launcher::Service svc{console.value(), spawner.value(), &policy};
  static launcher::ServeLoop loop;
  loop.AddLauncher(owner.value(), &svc);
  // Optional: only test manifests let anyone stop the launcher.
  caprt::Result<caprt::Cap> control =
      caprt::FindCap("launcherControl", capos::layout::LauncherControl::kId);
  if (control.ok()) loop.AddControl(control.value());
  console.value().Printf("launcher: serving %zu profiles\n", policy.count);
  abi::Error e = loop.Run();
  console.value().Printf("launcher: stopped (%s): %u launched, %u denied\n", ErrorName(e),
                         svc.launched, svc.denied);
  return e == abi::Error::kOk ? 0 : 1;
}
