// The authority service: SessionManager, AuthorityBroker, SystemInfo and one
// UserSession endpoint per minted session, on top of the policy core. Owns
// the kernel session cells it mints (one per successful login, never one for
// a denial) and the UserSession endpoint owner facets; the callers get only
// the UserSession client facet (moved) and the cell with bind+transfer.
#ifndef SERVICES_AUTHORITY_SERVICE_H_
#define SERVICES_AUTHORITY_SERVICE_H_

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ipc.h"
#include "services/authority/catalog.h"
#include "services/authority/login.h"
#include "services/authority/policy.h"
#include "services/authority/session_table.h"

namespace authority {

// UserSession endpoints served at once. Each holds a posted RECV, which counts
// against the process's async bound (ring::kMaxAsync, 192), so this stays
// well below it while leaving room for 64 concurrent remote sessions. When
// full, the oldest logged-out session's endpoint is dropped (its auditContext
// then answers `disconnected`); with no logged-out one, login is
// boundExceeded.
inline constexpr int kMaxServedSessions = 80;

struct ServiceCaps {
  caprt::Console console;
  caprt::Timer timer;
  caprt::Cap session_authority;
  caprt::Cap endpoint_factory;
};

class Service {
 public:
  // `policy` and `catalog` must outlive the service.
  Service(const Policy& policy, const Catalog& catalog, const ServiceCaps& caps);

  void Login(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap, caprt::Answer* a);
  // AuthorityBroker: remoteClientBundle and serviceCatalog. `out_cap` must be
  // at least kServiceCatalogBytes (catalog_wire.h).
  void Broker(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap, caprt::Answer* a);
  void SystemInfo(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap, caprt::Answer* a);
  // SessionManager.admission: the manifest's front-end admission policy.
  void Admission(uint8_t* out, uint32_t out_cap, caprt::Answer* a);
  // SessionManager.clientCertificates: a TLS front end's mTLS policy.
  void ClientCertificates(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
                          caprt::Answer* a);
  // The manifest's client CAs and deny list (must outlive the service).
  void SetClientCerts(client_cert::Policy* certs) {
    certs_ = certs;
    auth_.set_client_certs(certs);
  }
  void Session(int slot, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
               caprt::Answer* a);

  // After the RETURN of a successful Login: if it could not be delivered
  // (caller gone), the session is logged out and dropped at once, so no live
  // cell exists that nobody holds.
  void LoginDelivered(bool delivered);

  // The UserSession endpoints the loop must serve (slot in [0, kMaxSessions)).
  bool served(int slot) const { return endpoint_[slot].served; }
  const caprt::Cap& owner(int slot) const { return endpoint_[slot].owner; }
  // Bumped whenever an endpoint is added or dropped (the loop re-scans).
  uint32_t generation() const { return generation_; }

 private:
  struct Endpoint {
    bool served = false;
    caprt::Cap owner;
    caprt::Cap cell;
    uint64_t order = 0;  // login order, for eviction
  };

  uint64_t Now();
  void Audit(const AuditRecord& r);
  bool MakeRoom();
  void Drop(int slot);
  void LogoutSlot(int slot);

  void ServiceCatalog(uint8_t* out, uint32_t out_cap, caprt::Answer* a);

  const Policy& policy_;
  const Catalog& catalog_;
  ServiceCaps caps_;
  Authenticator auth_;
  client_cert::Policy* certs_ = nullptr;
  SessionTable table_;
  Endpoint endpoint_[kMaxSessions];
  int served_count_ = 0;
  uint64_t logins_ = 0;
  uint32_t generation_ = 0;
  int pending_ = -1;  // slot of the login whose RETURN is in flight
};

}  // namespace authority

#endif  // SERVICES_AUTHORITY_SERVICE_H_
