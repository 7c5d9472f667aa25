// init: starts every other service of the boot manifest, in order, with
// exactly the grants the manifest lists, then exits.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/boot_manifest.capnp.h"

namespace {

using caprt::Cap;
using caprt::ErrorName;
using Manifest = capos::schema::BootManifest;
using CapKind = Manifest::CapKind;

constexpr size_t kMaxGrants = abi::kMaxTransferCaps;
constexpr size_t kMaxEndpoints = 32;

// The manifest's endpoints, created before any service starts so that
// servers and clients can be started in any order.
struct NamedEndpoint {
  char name[abi::kCapNameMax];
  caprt::EndpointPair pair;
};
NamedEndpoint endpoints[kMaxEndpoints];
size_t endpoint_count = 0;

const NamedEndpoint* FindEndpoint(capnp::Text::Reader name) {
  for (size_t i = 0; i < endpoint_count; ++i) {
    if (name == capnp::Text::Reader(endpoints[i].name, strlen(endpoints[i].name))) {
      return &endpoints[i];
    }
  }
  return nullptr;
}
constexpr size_t kMaxBootEntries = 64;

// Interface init must hold to pass on a grant of `kind`; 0 if none exists
// or if the cap must be found by name: bootPackage (init also holds scoped
// "res-" caps with the same interface, which must never stand in for it),
// ports, resources and endpoints.
uint64_t InterfaceFor(CapKind kind) {
  switch (kind) {
    case CapKind::CONSOLE:
      return caprt::iface::kConsole;
    case CapKind::TIMER:
      return caprt::iface::kTimer;
    case CapKind::PROCESS_SPAWNER:
      return caprt::iface::kProcessSpawner;
    case CapKind::ENDPOINT_FACTORY:
      return caprt::iface::kEndpointFactory;
    case CapKind::SESSION_AUTHORITY:
      return caprt::iface::kSessionAuthority;
    case CapKind::ENTROPY:
      return caprt::iface::kEntropySource;
    case CapKind::DIAGNOSTICS:
      return caprt::iface::kDiagnostics;
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
  caprt::BootPackage boot;
  size_t started = 0;
  size_t refused = 0;

  void Refuse(const char* name, const char* why) {
    console.Printf("refused %s: %s\n", name, why);
    ++refused;
  }

  bool CreateEndpoints(capnp::List<Manifest::Endpoint>::Reader list) {
    if (list.size() == 0) return true;
    if (list.size() > kMaxEndpoints) {
      console.Write("init: too many endpoints in the manifest\n");
      return false;
    }
    caprt::Result<Cap> factory = caprt::MyCapSet().FindByInterface(caprt::iface::kEndpointFactory);
    if (!factory.ok()) {
      console.Write("init: the manifest declares endpoints but init holds no endpointFactory\n");
      return false;
    }
    for (auto ep : list) {
      NamedEndpoint& out = endpoints[endpoint_count];
      if (!CopyBounded(ep.getName(), out.name, sizeof(out.name))) return false;
      caprt::Result<caprt::EndpointPair> pair =
          caprt::CreateEndpoint(factory.value(), ep.getInterfaceId(), ep.getDisclose());
      if (!pair.ok()) {
        console.Printf("init: endpoint %s: %s\n", out.name, ErrorName(pair.error()));
        return false;
      }
      out.pair = pair.value();
      ++endpoint_count;
    }
    return true;
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
      caprt::Result<Cap> cap = caprt::Error::kNotFound;
      if (grants[i].getKind() == CapKind::ENDPOINT) {
        const NamedEndpoint* ep = FindEndpoint(grants[i].getEndpoint());
        if (ep) {
          bool owner = grants[i].getFacet() == Manifest::Facet::OWNER;
          cap = owner ? ep->pair.owner : ep->pair.client;
        }
      } else if (grants[i].getKind() == CapKind::TCP_LISTEN_AUTHORITY) {
        // The kernel made one authority per granted port and gave it to init
        // as "tcp-<port>"; init only passes it on.
        char port_name[abi::kCapNameMax];
        snprintf(port_name, sizeof(port_name), "tcp-%u", unsigned(grants[i].getPort()));
        cap = caprt::MyCapSet().Find(port_name, caprt::iface::kTcpListenAuthority);
      } else if (grants[i].getKind() == CapKind::BOOT_RESOURCE) {
        // Likewise one scoped BootPackage per resource, "res-<name>". A name
        // that does not fit or holds a NUL finds nothing (the compiler and
        // the kernel refuse both before init runs).
        auto res = grants[i].getResource();
        char res_name[abi::kCapNameMax];
        int n = snprintf(res_name, sizeof(res_name), "res-%s", res.cStr());
        if (n == int(4 + res.size()) && size_t(n) < sizeof(res_name)) {
          cap = caprt::MyCapSet().Find(res_name, caprt::iface::kBootPackage);
        }
      } else if (grants[i].getKind() == CapKind::BOOT_PACKAGE) {
        cap = boot.cap();  // the whole package: the grant init reads it through
      } else if (uint64_t iid = InterfaceFor(grants[i].getKind()); iid != 0) {
        cap = caprt::MyCapSet().FindByInterface(iid);
      }
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
    caprt::Result<caprt::Spawned> child =
        spawner.Spawn(name, binary, out, grants.size(), svc.getHeapPages());
    if (!child.ok()) return Refuse(name, ErrorName(child.error()));
    console.Printf("started %s pid %u with grants: %s\n", name, child.value().pid, list);
    caprt::Release(child.value().handle);  // init does not supervise (yet)
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
  Init init{console.value(), spawner.value(), boot.value()};
  const char* self = caprt::MyCapSet().header().name;
  caprt::Status decoded =
      caprt::DecodeRoot<Manifest>(bytes.value(), manifest->size, [&](Manifest::Reader m) {
        if (!init.CreateEndpoints(m.getEndpoints())) {
          ++init.refused;
          return;
        }
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
