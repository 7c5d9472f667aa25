// init: starts every other service of the boot manifest, in order, with
// exactly the grants the manifest lists, then exits.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/boot_manifest.capnp.h"

namespace {

using caprt::Cap;
using caprt::ErrorName;
using Manifest = capos::schema::BootManifest;
using CapKind = Manifest::CapKind;

constexpr size_t kMaxGrants = abi::kCapSetMaxEntries;
constexpr size_t kMaxBootEntries = 64;

// Interface init must hold to pass on a grant of `kind`; 0 if none exists.
uint64_t InterfaceFor(CapKind kind) {
  switch (kind) {
    case CapKind::CONSOLE:
      return caprt::iface::kConsole;
    case CapKind::TIMER:
      return caprt::iface::kTimer;
    case CapKind::BOOT_PACKAGE:
      return caprt::iface::kBootPackage;
    case CapKind::PROCESS_SPAWNER:
      return caprt::iface::kProcessSpawner;
    default:
      return 0;
  }
}

// Copies `text` into `out` if it fits with its NUL; manifest names are
// bounded by the ABI, anything longer is refused rather than truncated.
bool CopyBounded(capnp::Text::Reader text, char* out, size_t cap) {
  if (text.size() >= cap) return false;
  memcpy(out, text.begin(), text.size());
  out[text.size()] = '\0';
  return true;
}

struct Init {
  caprt::Console console;
  caprt::ProcessSpawner spawner;
  size_t started = 0;
  size_t refused = 0;

  void Refuse(const char* name, const char* why) {
    console.Printf("refused %s: %s\n", name, why);
    ++refused;
  }

  void Start(Manifest::Service::Reader svc) {
    char name[abi::kProcNameMax], binary[abi::kBootPkgNameMax];
    if (!CopyBounded(svc.getName(), name, sizeof(name))) return Refuse("(long name)", "bad name");
    if (!CopyBounded(svc.getBinary(), binary, sizeof(binary))) return Refuse(name, "bad binary");
    auto grants = svc.getGrants();
    if (grants.size() > kMaxGrants) return Refuse(name, "too many grants");
    static char names[kMaxGrants][abi::kCapNameMax];
    static caprt::SpawnGrant out[kMaxGrants];
    char list[512] = "none";
    size_t used = 0;
    for (size_t i = 0; i < grants.size(); ++i) {
      if (!CopyBounded(grants[i].getName(), names[i], abi::kCapNameMax)) {
        return Refuse(name, "grant name too long");
      }
      uint64_t iid = InterfaceFor(grants[i].getKind());
      caprt::Result<Cap> cap = iid == 0 ? caprt::Result<Cap>(caprt::Error::kNotFound)
                                        : caprt::MyCapSet().FindByInterface(iid);
      if (!cap.ok()) {
        console.Printf("refused %s: init holds no cap for grant %s (kind %u)\n", name, names[i],
                       static_cast<unsigned>(grants[i].getKind()));
        ++refused;
        return;
      }
      out[i] = {names[i], cap.value()};
      int n = snprintf(list + used, sizeof(list) - used, "%s%s", i == 0 ? "" : ", ", names[i]);
      if (n > 0) used = used + n < sizeof(list) ? used + n : sizeof(list) - 1;
    }
    caprt::Result<uint32_t> pid =
        spawner.Spawn(name, binary, out, grants.size(), svc.getHeapPages());
    if (!pid.ok()) return Refuse(name, ErrorName(pid.error()));
    console.Printf("started %s pid %u with grants: %s\n", name, pid.value(), list);
    ++started;
  }
};

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;  // nowhere to report anything
  caprt::Result<caprt::BootPackage> boot = caprt::BootPackage::Find();
  caprt::Result<caprt::ProcessSpawner> spawner = caprt::ProcessSpawner::Find();
  if (!boot.ok() || !spawner.ok()) {
    console.value().Write("init: missing bootPackage or processSpawner grant\n");
    return 1;
  }
  static caprt::BootEntry entries[kMaxBootEntries];
  caprt::Result<size_t> count = boot.value().List(entries, kMaxBootEntries);
  if (!count.ok()) {
    console.value().Printf("init: list failed: %s\n", ErrorName(count.error()));
    return 1;
  }
  const caprt::BootEntry* manifest = nullptr;
  for (size_t i = 0; i < count.value() && i < kMaxBootEntries; ++i) {
    if (entries[i].kind == caprt::BootKind::kManifest) manifest = &entries[i];
  }
  if (manifest == nullptr) {
    console.value().Write("init: no manifest in the boot package\n");
    return 1;
  }
  caprt::Result<void*> bytes = boot.value().ReadAll(manifest->name, manifest->size);
  if (!bytes.ok()) {
    console.value().Printf("init: reading %s failed: %s\n", manifest->name,
                           ErrorName(bytes.error()));
    return 1;
  }
  Init init{console.value(), spawner.value()};
  const char* self = caprt::MyCapSet().header().name;
  caprt::Status decoded =
      caprt::DecodeRoot<Manifest>(bytes.value(), manifest->size, [&](Manifest::Reader m) {
        for (auto svc : m.getServices()) {
          if (svc.getName() == capnp::Text::Reader(self, strnlen(self, abi::kProcNameMax)))
            continue;
          init.Start(svc);
        }
      });
  free(bytes.value());
  if (!decoded.ok()) {
    console.value().Printf("init: manifest %s: %s\n", manifest->name, ErrorName(decoded.error()));
    return 1;
  }
  if (init.refused != 0) {
    console.value().Printf("init: %zu services started, %zu refused\n", init.started, init.refused);
    return 1;
  }
  console.value().Printf("all %zu services started\n", init.started);
  return 0;
}
