// authority: login and broker policy over endpoints (README.md). Loads the
// policy resource from the boot package, then serves SessionManager,
// AuthorityBroker, SystemInfo and the per-session UserSession endpoints from
// one loop. Runs until killed (its holder stops it) or an endpoint fails.
#include <stdlib.h>
#include <string.h>

#include "layout/authority.capnp.layout.h"
#include "libcaprt/mbedtls/clock.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "services/authority/catalog_wire.h"
#include "services/authority/policy_load.h"
#include "services/authority/service.h"

namespace {

namespace L = capos::layout;
using caprt::Cap;

enum class Kind : uint8_t { kManager, kBroker, kInfo, kSession };

// One endpoint the loop keeps a RECV posted on. Static endpoints get big
// buffers (login params); UserSession calls carry no params.
struct Port {
  Kind kind;
  int slot;  // UserSession slot
  Cap owner;
  bool posted = false;
  uint64_t user_data = 0;
  uint8_t* buf;
  uint32_t buf_cap;
};

constexpr uint32_t kStaticBuf = 4096;
constexpr uint32_t kSessionBuf = 512;
alignas(16) uint8_t static_bufs[3][kStaticBuf];
alignas(16) uint8_t session_bufs[authority::kMaxSessions][kSessionBuf];
// Replies; the largest is a full service catalog.
alignas(16) uint8_t out_buf[authority::kServiceCatalogBytes];
Port ports[3 + authority::kMaxSessions];
authority::Policy policy;
client_cert::Policy client_certs;  // AuthorityPolicy.clientCertificates
authority::Catalog catalog;

uint32_t Align8(uint32_t n) {
  return (n + 7) & ~7u;
}

abi::Error Post(Port& p) {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kRecv);
  sqe.slot = p.owner.slot;
  sqe.generation = p.owner.generation;
  sqe.user_data = p.user_data = ring.NextUserData();
  sqe.result_addr = reinterpret_cast<uint64_t>(p.buf);
  sqe.result_cap = p.buf_cap;
  while (!ring.Submit(sqe)) {
    int64_t n = ring.Enter(0, 0);
    if (n < 0) return static_cast<abi::Error>(-n);
  }
  p.posted = true;
  return abi::Error::kOk;
}

// Builds the port list: 3 static endpoints, then one per served session.
// Ports of sessions that stay keep their posted RECV.
int Rescan(authority::Service& svc, int count) {
  Port old[3 + authority::kMaxSessions];
  memcpy(old, ports, sizeof(Port) * count);
  int n = 3;
  for (int s = 0; s < static_cast<int>(authority::kMaxSessions); ++s) {
    if (!svc.served(s)) continue;
    Port p{Kind::kSession, s, svc.owner(s), false, 0, session_bufs[s], kSessionBuf};
    for (int i = 3; i < count; ++i) {
      if (old[i].slot == s && old[i].owner.slot == p.owner.slot &&
          old[i].owner.generation == p.owner.generation) {
        p = old[i];
      }
    }
    ports[n++] = p;
  }
  return n;
}

bool Dispatch(authority::Service& svc, Port& p, const abi::Cqe& cqe) {
  p.posted = false;
  if (cqe.status != 0) {
    // A session endpoint the service dropped: its RECV ends disconnected.
    return p.kind == Kind::kSession;
  }
  auto* h = reinterpret_cast<const abi::RecvHeader*>(p.buf);
  caprt::Incoming in;
  in.header = h;
  in.params = p.buf + sizeof(abi::RecvHeader);
  in.params_len = h->params_len;
  in.caps = reinterpret_cast<const abi::CapDescriptor*>(p.buf + sizeof(abi::RecvHeader) +
                                                        Align8(h->params_len));
  in.caps_count = h->caps_count;
  static caprt::Answer answer;
  answer = caprt::Answer();
  const bool login = p.kind == Kind::kManager && h->method == L::SessionManager::kLogin;
  switch (p.kind) {
    case Kind::kManager:
      if (login) {
        svc.Login(in, out_buf, sizeof(out_buf), &answer);
      } else if (h->method == L::SessionManager::kAdmission) {
        svc.Admission(out_buf, sizeof(out_buf), &answer);
      } else if (h->method == L::SessionManager::kClientCertificates) {
        svc.ClientCertificates(in, out_buf, sizeof(out_buf), &answer);
      } else {
        answer.status = abi::Error::kBadMethod;
      }
      break;
    case Kind::kBroker:
      svc.Broker(in, out_buf, sizeof(out_buf), &answer);
      break;
    case Kind::kInfo:
      svc.SystemInfo(in, out_buf, sizeof(out_buf), &answer);
      break;
    case Kind::kSession:
      svc.Session(p.slot, in, out_buf, sizeof(out_buf), &answer);
      break;
  }
  caprt::Status r = caprt::Return(p.owner, h->call_token, answer, out_buf);
  if (login) svc.LoginDelivered(r.ok());
  return true;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  caprt::Console& log = console.value();
  auto find = [&](const char* name, uint64_t iface) {
    caprt::Result<Cap> c = caprt::FindCap(name, iface);
    if (!c.ok()) log.Printf("authority: no %s grant (%s)\n", name, caprt::ErrorName(c.error()));
    return c;
  };
  caprt::Result<Cap> timer = find("timer", caprt::iface::kTimer);
  caprt::Result<Cap> boot = find("bootPackage", caprt::iface::kBootPackage);
  caprt::Result<Cap> sa = find("sessionAuthority", caprt::iface::kSessionAuthority);
  caprt::Result<Cap> factory = find("endpointFactory", caprt::iface::kEndpointFactory);
  caprt::Result<Cap> mgr = find("sessionManager", L::SessionManager::kId);
  caprt::Result<Cap> broker = find("broker", L::AuthorityBroker::kId);
  caprt::Result<Cap> info = find("systemInfo", L::SystemInfo::kId);
  if (!timer.ok() || !boot.ok() || !sa.ok() || !factory.ok() || !mgr.ok() || !broker.ok() ||
      !info.ok()) {
    return 1;
  }

  // The policy resource is read once and dropped with the boot-package cap:
  // the authority needs no other resource.
  caprt::BootPackage pkg(boot.value());
  caprt::BootEntry entries[64];
  caprt::Result<size_t> n = pkg.List(entries, 64);
  size_t size = 0;
  for (size_t i = 0; n.ok() && i < n.value() && i < 64; ++i) {
    if (strcmp(entries[i].name, authority::kPolicyResource) == 0) size = entries[i].size;
  }
  caprt::Result<void*> bytes = size ? pkg.ReadAll(authority::kPolicyResource, size)
                                    : caprt::Result<void*>(caprt::Error::kNotFound);
  char why[96];
  if (!bytes.ok() || !authority::LoadPolicy(bytes.value(), size, &policy, &catalog, why,
                                            sizeof(why), &client_certs)) {
    log.Printf("authority: no usable policy: %s\n",
               bytes.ok() ? why : caprt::ErrorName(bytes.error()));
    return 1;
  }
  free(bytes.value());
  caprt::Release(boot.value());
  // The cost is printed so a scenario can see the manifest's value arrive.
  log.Printf(
      "authority: policy loaded: %u accounts, %u profiles, PBKDF2 cost %u, %u services\n",
      static_cast<unsigned>(policy.account_count()), static_cast<unsigned>(policy.profile_count()),
      static_cast<unsigned>(policy.password_iterations()), static_cast<unsigned>(catalog.count()));

  static authority::Service svc(policy, catalog,
                                {log, caprt::Timer(timer.value()), sa.value(), factory.value()});
  svc.SetClientCerts(&client_certs);
  // mbedTLS's clock: a certificate login checks the leaf's dates by the
  // time of day (none: every certificate is "not yet valid").
  static caprt::EventClock clock{caprt::Timer(timer.value())};
  capos_mbedtls::SetClock([](void* c) { return static_cast<caprt::EventClock*>(c)->NowMs(); },
                          &clock);
  caprt::Result<uint64_t> wall = caprt::Timer(timer.value()).WallClockNs();
  capos_mbedtls::SetWallClock(wall.ok() ? wall.value() / 1000000 : 0, clock.NowMs());
  if (client_certs.ca_count() != 0) {
    log.Printf("authority: client certificates: %u CAs, required on %u ports, %u serials denied\n",
               static_cast<unsigned>(client_certs.ca_count()),
               static_cast<unsigned>(client_certs.port_count()),
               static_cast<unsigned>(client_certs.denied_count()));
  }
  ports[0] = Port{Kind::kManager, -1, mgr.value(), false, 0, static_bufs[0], kStaticBuf};
  ports[1] = Port{Kind::kBroker, -1, broker.value(), false, 0, static_bufs[1], kStaticBuf};
  ports[2] = Port{Kind::kInfo, -1, info.value(), false, 0, static_bufs[2], kStaticBuf};
  int count = 3;
  uint32_t gen = svc.generation();
  caprt::Ring& ring = caprt::DefaultRing();
  for (;;) {
    for (int i = 0; i < count; ++i) {
      if (ports[i].posted) continue;
      abi::Error e = Post(ports[i]);
      if (e != abi::Error::kOk) {
        log.Printf("authority: RECV failed: %s\n", caprt::ErrorName(e));
        return 1;
      }
    }
    abi::Cqe cqe;
    if (!ring.Pop(&cqe)) {
      int64_t r = ring.Enter(1, abi::kWaitForever);
      if (r < 0 || !ring.Pop(&cqe)) continue;
    }
    for (int i = 0; i < count; ++i) {
      if (!ports[i].posted || ports[i].user_data != cqe.user_data) continue;
      if (!Dispatch(svc, ports[i], cqe)) {
        log.Printf("authority: endpoint failed: %s\n",
                   caprt::ErrorName(static_cast<abi::Error>(-cqe.status)));
        return 1;
      }
      break;
    }
    if (svc.generation() != gen) {
      gen = svc.generation();
      count = Rescan(svc, count);
    }
  }
}
