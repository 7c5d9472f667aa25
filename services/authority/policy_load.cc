#include "services/authority/policy_load.h"

#include <stdio.h>
#include <string.h>

#include "libcaprt/capnp_glue.h"
#include "schema/authority.capnp.h"

namespace authority {
namespace {

using capos::schema::AuthorityPolicy;
using WireService = capos::schema::ServiceProfile;

bool SetName(Name* n, capnp::Text::Reader t) {
  return n->set(Str(t.begin(), t.size()));
}

bool LoadProfile(AuthorityPolicy::Profile::Reader r, Profile* p, const char** why) {
  const uint16_t cls = static_cast<uint16_t>(r.getClass());
  if (!SetName(&p->name, r.getName())) return *why = "bad profile name", false;
  if (cls > 4) return *why = "bad profile class", false;
  p->suits = static_cast<PrincipalClass>(cls);
  p->retired = r.getRetired();
  p->launcher = r.getLauncher();
  auto caps = r.getCaps();
  if (caps.size() > kMaxBundleEntries) return *why = "too many bundle entries", false;
  for (auto c : caps) {
    BundleEntry& e = p->caps[p->cap_count];
    const uint16_t kind = static_cast<uint16_t>(c.getKind());
    if (!SetName(&e.name, c.getName())) return *why = "bad bundle entry name", false;
    // A profile grants the session kinds and the terminal manager; game
    // exports join only with a launch.
    if (kind > 3 && kind != static_cast<uint16_t>(CapKind::kTerminal))
      return *why = "bad bundle kind", false;
    e.kind = static_cast<CapKind>(kind);
    e.interface_id = c.getInterfaceId();
    e.rights = c.getRights() & rights::kAll;
    ++p->cap_count;
  }
  return true;
}

bool LoadAccount(AuthorityPolicy::Account::Reader r, Account* a, const char** why) {
  const uint16_t cls = static_cast<uint16_t>(r.getClass());
  const uint16_t state = static_cast<uint16_t>(r.getState());
  if (!SetName(&a->principal, r.getPrincipal())) return *why = "bad principal", false;
  if (cls > 4 || state > 3) return *why = "bad account class or state", false;
  a->cls = static_cast<PrincipalClass>(cls);
  a->state = static_cast<AccountState>(state);
  auto rec = r.getPasswordRecord();
  if (rec.size() > kRecordMax) return *why = "password record too long", false;
  memcpy(a->record, rec.begin(), rec.size());
  a->record[rec.size()] = '\0';
  auto keys = r.getAuthorizedKeys();
  if (keys.size() > kMaxAccountKeys) return *why = "too many authorized keys", false;
  for (auto k : keys) {
    // policy-export checked the point; a wrong size here is a bad resource.
    if (k.size() != kKeyBytes || k[0] != 0x04) return *why = "bad authorized key", false;
    memcpy(a->keys[a->key_count++], k.begin(), kKeyBytes);
  }
  auto profiles = r.getProfiles();
  if (profiles.size() > kMaxAccountProfiles) return *why = "too many account profiles", false;
  for (auto name : profiles) {
    if (!SetName(&a->profiles[a->profile_count], name)) return *why = "bad profile name", false;
    ++a->profile_count;
  }
  return true;
}

template <typename T>
bool SetToken(T* t, capnp::Text::Reader r) {
  return t->set(Str(r.begin(), r.size()));
}

bool LoadService(WireService::Reader r, ServiceProfile* s, const char** why) {
  if (!SetToken(&s->name, r.getName())) return *why = "bad service name", false;
  if (!SetToken(&s->description, r.getDescription())) {
    return *why = "bad service description", false;
  }
  if (!SetToken(&s->worker_binary, r.getWorkerBinary()) ||
      !SetToken(&s->worker_profile, r.getWorkerProfile())) {
    return *why = "bad service worker binary or profile", false;
  }
  auto companions = r.getCompanions();
  auto grants = r.getGrants();
  auto exports = r.getExports();
  auto classes = r.getClasses();
  if (companions.size() > kMaxCompanions || grants.size() > kMaxServiceGrants ||
      exports.size() > kMaxExports || classes.size() > kMaxServiceClasses) {
    return *why = "too many service companions, grants, exports or classes", false;
  }
  for (auto c : companions) {
    Companion& o = s->companions[s->companion_count++];
    if (!SetToken(&o.binary, c.getBinary()) ||
        !SetToken(&o.launcher_profile, c.getLauncherProfile())) {
      return *why = "bad companion binary or profile", false;
    }
    o.count = c.getCount();
    o.shared = c.getShared();
    auto names = c.getGrants();
    if (names.size() > kMaxCompanionGrants) return *why = "too many companion grants", false;
    for (auto n : names) {
      if (!SetToken(&o.grants[o.grant_count++], n)) return *why = "bad companion grant", false;
    }
  }
  for (auto g : grants) {
    ServiceGrant& o = s->grants[s->grant_count++];
    if (!SetToken(&o.name, g.getName()) || !SetToken(&o.interface, g.getInterface())) {
      return *why = "bad service grant name or interface", false;
    }
    const uint16_t holder = static_cast<uint16_t>(g.getHolder());
    if (holder > static_cast<uint16_t>(Holder::kClientFacet)) {
      return *why = "bad grant holder", false;
    }
    o.holder = static_cast<Holder>(holder);
    o.move = g.getMove();
  }
  for (auto e : exports) {
    ServiceExport& o = s->exports[s->export_count++];
    const uint16_t kind = static_cast<uint16_t>(e.getKind());
    if (!SetName(&o.cap_name, e.getCapName())) return *why = "bad export name", false;
    if (kind > static_cast<uint16_t>(CapKind::kTerminal)) return *why = "bad export kind", false;
    o.kind = static_cast<CapKind>(kind);  // a bundle-only kind: Catalog::add refuses it
    o.rights = e.getRights();
  }
  s->per_session_limit = r.getPerSessionLimit();
  s->system_limit = r.getSystemLimit();
  for (auto c : classes) {
    const uint16_t cls = static_cast<uint16_t>(c);
    if (cls > 4) return *why = "bad service class", false;
    s->classes[s->class_count++] = static_cast<PrincipalClass>(cls);
  }
  return true;
}

// Every CA must be one (CA:TRUE, one DER certificate), and a required
// port needs a CA to require.
bool LoadClientCerts(AuthorityPolicy::ClientCertificates::Reader r, client_cert::Policy* certs,
                     const char** why) {
  auto cas = r.getCas();
  auto ports = r.getRequiredPorts();
  auto denied = r.getDeniedSerials();
  if (cas.size() > client_cert::kMaxCas || ports.size() > client_cert::kMaxPorts ||
      denied.size() > client_cert::kMaxDenied) {
    return *why = "too many client CAs, required ports or denied serials", false;
  }
  for (auto ca : cas) {
    if (!certs->AddCa(ca.begin(), ca.size())) return *why = "a client CA is not a CA", false;
  }
  for (auto port : ports) {
    if (!certs->AddRequiredPort(port)) return *why = "bad client-certificate port", false;
  }
  if (ports.size() != 0 && cas.size() == 0) {
    return *why = "client certificates required without a client CA", false;
  }
  for (auto s : denied) {
    if (!certs->AddDeniedSerial(s.begin(), s.size())) return *why = "bad denied serial", false;
  }
  return true;
}

}  // namespace

bool LoadPolicy(const void* bytes, size_t len, Policy* out, Catalog* catalog, char* why,
                size_t why_cap, client_cert::Policy* certs) {
  const char* reason = nullptr;
  // The Profile/Account scratch objects are large: keep them off the stack.
  static Profile profile;
  static Account account;
  static ServiceProfile service;
  caprt::DecodeResult d =
      caprt::Decode<AuthorityPolicy>(bytes, len, [&](AuthorityPolicy::Reader r) {
        auto profiles = r.getProfiles();
        auto accounts = r.getAccounts();
        if (profiles.size() > kMaxProfiles || accounts.size() > kMaxAccounts) {
          reason = "too many profiles or accounts";
          return;
        }
        // Before the accounts: each record is checked against this cost.
        if (out->set_password_iterations(r.getPasswordIterations()) != PolicyError::kOk) {
          reason = "passwordIterations out of bounds";
          return;
        }
        if (out->set_admission(r.getPreAuthGraceSeconds(), r.getMaxAuthTries()) !=
            PolicyError::kOk) {
          reason = "preAuthGraceSeconds or maxAuthTries out of bounds";
          return;
        }
        if (out->set_web_expiry(r.getWebIdleSeconds(), r.getWebAbsoluteSeconds()) !=
            PolicyError::kOk) {
          reason = "webIdleSeconds or webAbsoluteSeconds out of bounds";
          return;
        }
        if (out->set_terminal_grace(r.getTerminalGraceSeconds()) != PolicyError::kOk) {
          reason = "terminalGraceSeconds out of bounds";
          return;
        }
        for (auto p : profiles) {
          profile = Profile();
          if (!LoadProfile(p, &profile, &reason)) return;
          PolicyError e = out->add_profile(profile);
          if (e != PolicyError::kOk) return (void)(reason = policy_error_name(e));
        }
        for (auto a : accounts) {
          account = Account();
          if (!LoadAccount(a, &account, &reason)) return;
          PolicyError e = out->add_account(account);
          if (e != PolicyError::kOk) return (void)(reason = policy_error_name(e));
        }
        auto services = r.getServices();
        if (services.size() > kMaxServices) {
          reason = "too many services";
          return;
        }
        for (auto sp : services) {
          service = ServiceProfile();
          if (!LoadService(sp, &service, &reason)) return;
          PolicyError e = catalog->add(service);
          if (e != PolicyError::kOk) return (void)(reason = policy_error_name(e));
        }
        if (certs != nullptr && !LoadClientCerts(r.getClientCertificates(), certs, &reason)) {
          return;
        }
        auto motd = r.getMotd();
        auto build = r.getBuildInfo();
        PolicyError e =
            out->set_texts(Str(motd.begin(), motd.size()), Str(build.begin(), build.size()));
        if (e != PolicyError::kOk) reason = policy_error_name(e);
      });
  if (!d.ok()) reason = "malformed policy message";
  if (reason != nullptr) {
    snprintf(why, why_cap, "%s", reason);
    return false;
  }
  return true;
}

}  // namespace authority
