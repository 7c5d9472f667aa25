#include "kernel/boot/manifest.h"

#include "kernel/boot/boot_resource.h"
#include "kernel/ipc/endpoint.h"
#include "kernel/lib/kstring.h"
#include "kernel/mm/heap.h"
#include "kernel/objects/boot_package_obj.h"
#include "kernel/objects/console.h"
#include "kernel/objects/diagnostics.h"
#include "kernel/objects/entropy.h"
#include "kernel/objects/process_spawner.h"
#include "kernel/objects/session.h"
#include "kernel/objects/tcp_caps.h"
#include "kernel/objects/timer.h"
#include "layout/boot_manifest.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"

namespace boot {
namespace {

using M = capos::layout::BootManifest;
namespace wire = capos::wire;

// The manifest is copied here so the wire reader gets aligned words.
alignas(16) uint8_t manifest_copy[64 * 1024];
constexpr uint32_t kMaxServices = 64;

struct Why {
  char* buf;
  uint32_t len;
  uint32_t used = 0;
  void add(const char* s, uint32_t n) {
    while (n-- && used + 1 < len) buf[used++] = *s++;
    buf[used] = 0;
  }
  void add(const char* s) { add(s, strlen(s)); }
  void num(uint32_t v) {
    char t[12];
    int i = 11;
    t[i] = 0;
    do t[--i] = char('0' + v % 10), v /= 10;
    while (v);
    add(t + i);
  }
};

kobj::Object* object_for(uint16_t kind) {
  switch (static_cast<M::CapKind>(kind)) {
    case M::CapKind::kConsole:
      return kobj::Console::instance();
    case M::CapKind::kTimer:
      return kobj::Timer::instance();
    case M::CapKind::kBootPackage:
      return kobj::BootPackage::instance();
    case M::CapKind::kProcessSpawner:
      return kobj::ProcessSpawner::instance();
    case M::CapKind::kEndpointFactory:
      return kobj::EndpointFactory::instance();
    case M::CapKind::kSessionAuthority:
      return kobj::SessionAuthority::instance();
    case M::CapKind::kEntropy:
      return kobj::EntropySource::instance();
    case M::CapKind::kDiagnostics:
      return kobj::Diagnostics::instance();
    default:
      // tcpListenAuthority and bootResource are made per grant (below), an
      // endpoint by init; none of them is a singleton init could hold.
      return nullptr;
  }
}

// Every port the manifest grants gets one TcpListenAuthority, created here
// and handed to init as "tcp-<port>"; init passes it to exactly the service
// the manifest names. Nothing else can create one.
bool add_port_authority(InitPlan* plan, uint16_t port, Why& why) {
  static char names[abi::kCapSetMaxEntries][12];
  for (uint32_t i = 0; i < plan->grant_count; i++) {
    auto* a = plan->grants[i].interface_id == capos::layout::TcpListenAuthority::kId
                  ? static_cast<kobj::TcpListenAuthority*>(plan->grants[i].object)
                  : nullptr;
    if (a && a->port() == port) return true;
  }
  if (port == 0 || plan->grant_count >= abi::kCapSetMaxEntries) {
    why.add("tcpListenAuthority grants: port 0 or too many ports");
    return false;
  }
  auto* a = static_cast<kobj::TcpListenAuthority*>(kheap::alloc(sizeof(kobj::TcpListenAuthority)));
  if (!a) {
    why.add("out of memory creating port authorities");
    return false;
  }
  new (a) kobj::TcpListenAuthority(port);
  char* name = names[plan->grant_count];
  memcpy(name, "tcp-", 4);
  int n = 4;
  char digits[6];
  int d = 0;
  do digits[d++] = char('0' + port % 10), port /= 10;
  while (port);
  while (d) name[n++] = digits[--d];
  name[n] = 0;
  proc::Grant& g = plan->grants[plan->grant_count++];
  g.name = name;
  g.name_len = uint32_t(n);
  g.object = a;
  g.interface_id = a->interface_id();
  g.rights = abi::kRightsAll;
  return true;
}

// Every distinct blob the manifest grants as a bootResource gets one
// BootPackage object scoped to it, created here and handed to init as
// "res-<name>"; init passes it to exactly the services the manifest names.
// Two services granted one resource share the object (it only reads).
bool add_boot_resource(const bootpkg::Package& pkg, InitPlan* plan, const char* service,
                       const char* name, uint32_t len, Why& why) {
  static char names[abi::kCapSetMaxEntries][abi::kCapNameMax];
  bootpkg::Entry blob;
  const char* problem = nullptr;
  if (!bootres::check(pkg, name, len, &blob, &problem)) {
    why.add("service '"), why.add(service), why.add("': bootResource '");
    why.add(name, len), why.add("': "), why.add(problem);
    return false;
  }
  // From now on only scoped caps read it (bootres::Reserved).
  if (!bootres::reserved().add(blob)) {
    why.add("too many boot resources");
    return false;
  }
  for (uint32_t i = 0; i < plan->grant_count; i++) {
    auto* p = plan->grants[i].interface_id == capos::layout::BootPackage::kId
                  ? static_cast<kobj::BootPackage*>(plan->grants[i].object)
                  : nullptr;
    // find() gives one name pointer per entry, so equal pointers are one blob.
    if (p && p->scope() == blob.name) return true;
  }
  if (plan->grant_count >= abi::kCapSetMaxEntries) {
    why.add("too many kernel-made grants for init (ports and boot resources)");
    return false;
  }
  kobj::BootPackage* obj = kobj::BootPackage::scoped(blob);
  if (!obj) {
    why.add("out of memory creating boot resources");
    return false;
  }
  char* cap = names[plan->grant_count];
  proc::Grant& g = plan->grants[plan->grant_count++];
  g.name_len = bootres::cap_name(blob.name, cap);
  g.name = cap;
  g.object = obj;
  g.interface_id = obj->interface_id();
  g.rights = abi::kRightsAll;
  return true;
}

}  // namespace

bool read_manifest(const bootpkg::Package& pkg, InitPlan* plan, char* why_buf, uint32_t why_len) {
  Why why{why_buf, why_len};
  bootres::reserved().clear();  // this package's grants only
  bootpkg::Entry m = bootpkg::manifest(pkg);
  if (m.size > sizeof(manifest_copy)) {
    why.add("manifest larger than 64 KiB");
    return false;
  }
  memcpy(manifest_copy, m.data, m.size);
  wire::Message msg;
  wire::StructReader root;
  if (wire::readRoot(msg, manifest_copy, m.size, &root) != wire::Status::kOk) {
    why.add("manifest is not a valid Cap'n Proto message: ");
    why.add(wire::statusName(msg.status()));
    return false;
  }
  wire::ListReader services;
  wire::StructReader options;
  root.structList(M::kServices, &services);
  root.getStruct(M::kOptions, &options);
  plan->exit_when_idle = options.get(M::Options::kExitWhenIdle);
  plan->static_address = options.get(M::Options::kStaticAddress);
  if (services.size() == 0 || services.size() > kMaxServices) {
    why.add("manifest must list 1..64 services");
    return false;
  }
  plan->service_count = services.size();
  for (uint32_t i = 0; i < services.size(); i++) {
    wire::StructReader s = services.get(i);
    const char *name, *binary;
    uint32_t name_len, binary_len;
    s.text(M::Service::kName, &name, &name_len);
    s.text(M::Service::kBinary, &binary, &binary_len);
    wire::ListReader grants;
    s.structList(M::Service::kGrants, &grants);
    if (!msg.ok()) break;
    bootpkg::Entry elf;
    if (name_len == 0 || name_len >= abi::kProcNameMax) {
      why.add("service #"), why.num(i), why.add(": name empty or too long");
      return false;
    }
    if (i == 0 && !kstr::eq(name, "init")) {
      why.add("the first service must be 'init', not '"), why.add(name), why.add("'");
      return false;
    }
    for (uint32_t j = 0; j < i; j++) {
      const char* other;
      uint32_t other_len;
      services.get(j).text(M::Service::kName, &other, &other_len);
      if (kstr::eq(other, name)) {
        why.add("service '"), why.add(name), why.add("' is listed twice");
        return false;
      }
    }
    if (!bootpkg::find(pkg, binary, &elf) || elf.kind != abi::BootEntryKind::kElf) {
      why.add("service '"), why.add(name), why.add("': binary '"), why.add(binary);
      why.add("' is not an ELF in the boot package");
      return false;
    }
    if (grants.size() > abi::kCapSetMaxEntries) {
      why.add("service '"), why.add(name), why.add("': too many grants");
      return false;
    }
    for (uint32_t g = 0; g < grants.size(); g++) {
      wire::StructReader gr = grants.get(g);
      uint16_t kind = gr.get(M::Grant::kKind);
      if (kind == uint16_t(M::CapKind::kTcpListenAuthority)) {
        if (i == 0) {
          why.add("init cannot be granted a tcpListenAuthority (it only passes them on)");
          return false;
        }
        if (!add_port_authority(plan, gr.get(M::Grant::kPort), why)) return false;
        continue;
      }
      if (kind == uint16_t(M::CapKind::kBootResource)) {
        if (i == 0) {
          why.add("init cannot be granted a bootResource (it only passes them on)");
          return false;
        }
        const char* res;
        uint32_t res_len;
        gr.text(M::Grant::kResource, &res, &res_len);
        if (!msg.ok()) break;
        if (!add_boot_resource(pkg, plan, name, res, res_len, why)) return false;
        continue;
      }
      if (i == 0) {
        kobj::Object* obj = object_for(kind);
        if (!obj) {
          why.add("init: grant #"), why.num(g), why.add(" has a kind this kernel cannot back");
          return false;
        }
        proc::Grant& out = plan->grants[plan->grant_count++];
        gr.text(M::Grant::kName, &out.name, &out.name_len);
        out.object = obj;
        out.interface_id = obj->interface_id();
        out.rights = abi::kRightsAll;
      }
    }
    if (i == 0) {
      plan->binary = binary;
      plan->heap_pages = s.get(M::Service::kHeapPages);
    }
  }
  if (!msg.ok()) {
    why.add("manifest is malformed: ");
    why.add(wire::statusName(msg.status()));
    return false;
  }
  return true;
}

}  // namespace boot
