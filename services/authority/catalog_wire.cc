#include "services/authority/catalog_wire.h"

namespace authority {
namespace {

namespace S = capos::schema;

capnp::Text::Reader T(Str s) {
  return capnp::Text::Reader(s.data(), s.size());
}

void FillService(const ServiceProfile& s, S::ServiceProfile::Builder out) {
  out.setName(T(s.name.view()));
  out.setDescription(T(s.description.view()));
  out.setWorkerBinary(T(s.worker_binary.view()));
  out.setWorkerProfile(T(s.worker_profile.view()));
  auto companions = out.initCompanions(s.companion_count);
  for (unsigned i = 0; i < s.companion_count; ++i) {
    companions[i].setBinary(T(s.companions[i].binary.view()));
    companions[i].setLauncherProfile(T(s.companions[i].launcher_profile.view()));
    companions[i].setCount(s.companions[i].count);
    companions[i].setShared(s.companions[i].shared);
    auto names = companions[i].initGrants(s.companions[i].grant_count);
    for (unsigned g = 0; g < s.companions[i].grant_count; ++g)
      names.set(g, T(s.companions[i].grants[g].view()));
  }
  auto grants = out.initGrants(s.grant_count);
  for (unsigned i = 0; i < s.grant_count; ++i) {
    grants[i].setName(T(s.grants[i].name.view()));
    grants[i].setInterface(T(s.grants[i].interface.view()));
    grants[i].setHolder(static_cast<S::ServiceProfile::Holder>(s.grants[i].holder));
    grants[i].setMove(s.grants[i].move);
  }
  auto exports = out.initExports(s.export_count);
  for (unsigned i = 0; i < s.export_count; ++i) {
    exports[i].setCapName(T(s.exports[i].cap_name.view()));
    exports[i].setKind(static_cast<S::CapKind>(s.exports[i].kind));
    exports[i].setRights(s.exports[i].rights);
  }
  out.setPerSessionLimit(s.per_session_limit);
  out.setSystemLimit(s.system_limit);
  auto classes = out.initClasses(s.class_count);
  for (unsigned i = 0; i < s.class_count; ++i) {
    classes.set(i, static_cast<S::PrincipalClass>(s.classes[i]));
  }
}

}  // namespace

void FillServiceCatalog(const Catalog& catalog,
                        S::AuthorityBroker::ServiceCatalogResults::Builder out) {
  auto list = out.initServices(static_cast<unsigned>(catalog.count()));
  for (size_t i = 0; i < catalog.count(); ++i) {
    FillService(catalog.at(i), list[static_cast<unsigned>(i)]);
  }
}

}  // namespace authority
