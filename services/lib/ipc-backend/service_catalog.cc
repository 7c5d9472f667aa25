#include "services/lib/ipc-backend/service_catalog.h"

#include <stdio.h>
#include <string.h>

#include "layout/adventure.capnp.layout.h"
#include "layout/authority.capnp.layout.h"
#include "layout/chat.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"
#include "layout/paperclips.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/authority.capnp.h"
#include "services/lib/remote-session/text.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
namespace rs = remote_session;
namespace S = capos::schema;
using rs::CopyText;

struct Known {
  const char* name;
  uint64_t id;
};
// The interfaces a launch through a front end can involve.
constexpr Known kKnown[] = {
    {"Console", L::Console::kId},
    {"Timer", L::Timer::kId},
    {"Chat", L::Chat::kId},
    {"ChatNarrator", L::ChatNarrator::kId},
    {"Adventure", L::Adventure::kId},
    {"AdventureNpc", L::AdventureNpc::kId},
    {"Paperclips", L::Paperclips::kId},
    {"ServiceWorker", L::ServiceWorker::kId},
};

uint64_t InterfaceOfKind(rs::CapKind kind) {
  switch (kind) {
    case rs::CapKind::kAdventure:
      return L::Adventure::kId;
    case rs::CapKind::kPaperclips:
      return L::Paperclips::kId;
    default:
      return 0;
  }
}

void ReadProfile(S::ServiceProfile::Reader r, CatalogProfile* p) {
  rs::ServiceInfo& in = p->info;
  CopyText(r.getName(), in.name, sizeof(in.name));
  CopyText(r.getDescription(), in.description, sizeof(in.description));
  CopyText(r.getWorkerBinary(), in.worker_binary, sizeof(in.worker_binary));
  CopyText(r.getWorkerProfile(), p->worker_profile, sizeof(p->worker_profile));
  auto companions = r.getCompanions();
  for (uint32_t i = 0; i < companions.size() && i < rs::kMaxServiceCompanions; ++i) {
    CopyText(companions[i].getBinary(), in.companions[i].binary, sizeof(in.companions[i].binary));
    uint32_t count = companions[i].getCount();
    in.companions[i].count = count < kMaxCompanionProcs ? count : kMaxCompanionProcs;
    in.companions[i].shared = companions[i].getShared();
    CatalogCompanion& c = p->companions[i];
    CopyText(companions[i].getLauncherProfile(), c.launcher_profile, sizeof(c.launcher_profile));
    auto grants = companions[i].getGrants();
    for (uint32_t g = 0; g < grants.size() && g < kMaxCompanionGrants; ++g) {
      CopyText(grants[g], c.grants[g], sizeof(c.grants[g]));
      c.grant_count = g + 1;
    }
    in.companion_count = i + 1;
  }
  auto grants = r.getGrants();
  for (uint32_t i = 0; i < grants.size() && i < rs::kMaxServiceGrants; ++i) {
    rs::ServiceGrant& g = in.grants[i];
    CopyText(grants[i].getName(), g.name, sizeof(g.name));
    CopyText(grants[i].getInterface(), g.interface_name, sizeof(g.interface_name));
    g.interface_id = InterfaceIdOf(g.interface_name);
    if (g.interface_id == 0) p->supplied = false;
    g.holder = static_cast<rs::GrantHolder>(grants[i].getHolder());
    g.move = grants[i].getMove();
    in.grant_count = i + 1;
  }
  auto exports = r.getExports();
  for (uint32_t i = 0; i < exports.size() && i < rs::kMaxServiceExports; ++i) {
    rs::ServiceExport& e = in.exports[i];
    CopyText(exports[i].getCapName(), e.name, sizeof(e.name));
    e.kind = static_cast<rs::CapKind>(exports[i].getKind());
    e.interface_id = InterfaceOfKind(e.kind);
    e.rights = exports[i].getRights();
    if (e.interface_id == 0) p->supplied = false;
    in.export_count = i + 1;
  }
  in.per_session_limit = r.getPerSessionLimit();
  in.system_limit = r.getSystemLimit();
  for (auto c : r.getClasses()) p->classes |= 1u << static_cast<uint32_t>(c);
}

}  // namespace

uint64_t InterfaceIdOf(const char* name) {
  for (const Known& k : kKnown) {
    if (strcmp(k.name, name) == 0) return k.id;
  }
  return 0;
}

int Catalog::Find(const char* name) const {
  for (uint32_t i = 0; i < count; ++i) {
    if (strcmp(profiles[i].info.name, name) == 0) return static_cast<int>(i);
  }
  return -1;
}

bool LoadCatalog(const caprt::Cap& broker, Catalog* out, char* why, uint32_t why_cap) {
  *out = Catalog();
  // The authority answers a full catalog in up to 24 KiB.
  alignas(8) static uint8_t reply[32768];
  caprt::Result<uint32_t> n =
      caprt::Call(broker, L::AuthorityBroker::kServiceCatalog, nullptr, 0, reply, sizeof(reply));
  if (!n.ok()) {
    snprintf(why, why_cap, "serviceCatalog: %s", caprt::ErrorName(n.error()));
    return false;
  }
  caprt::Status d = caprt::DecodeRoot<S::AuthorityBroker::ServiceCatalogResults>(
      reply, n.value(), [&](S::AuthorityBroker::ServiceCatalogResults::Reader r) {
        auto list = r.getServices();
        for (uint32_t i = 0; i < list.size() && i < rs::kMaxServices; ++i) {
          out->profiles[i] = CatalogProfile();
          ReadProfile(list[i], &out->profiles[i]);
          out->count = i + 1;
        }
      });
  if (!d.ok()) {
    *out = Catalog();
    snprintf(why, why_cap, "serviceCatalog answer does not decode");
    return false;
  }
  return true;
}

}  // namespace ipc_backend
