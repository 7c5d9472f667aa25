#include "services/lib/tls-front/front_glue.h"

#include <stdlib.h>

#include <new>

#include "layout/authority.capnp.layout.h"
#include "layout/keyvault.capnp.layout.h"
#include "libcaprt/mbedtls/clock.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/authority.capnp.h"
#include "services/lib/tls-front/custody.h"
#include "services/lib/tls-front/keyvault_server.h"

namespace tls_front {
namespace {

// A handshake waits for keyvault's signature (docs/architecture.md, "TLS
// on a front end's port"); a keyvault that does not answer within this
// fails that handshake only.
constexpr uint16_t kSignTimeoutMs = 1000;

namespace L = capos::layout;
namespace S = capos::schema;

KeyvaultServer* g_server = nullptr;  // FromGrant's, once TLS is set up

}  // namespace

Channel* NewChannel(const mbedtls_ssl_config* conf) {
  void* mem = aligned_alloc(alignof(Channel), (sizeof(Channel) + 15) & ~size_t{15});
  if (mem == nullptr) return nullptr;
  auto* channel = new (mem) Channel();
  if (channel->Start(conf) != 0) {
    FreeChannel(channel);
    return nullptr;
  }
  return channel;
}

void FreeChannel(Channel* channel) {
  if (channel == nullptr) return;
  channel->~Channel();
  free(channel);
}

Fill Refill(Channel& channel, uint8_t* in, uint32_t cap, uint32_t* len, bool* opened) {
  bool before = channel.state() == Channel::State::kHandshake;
  int n = channel.ReadPlain(in, cap);
  *opened = before && channel.state() == Channel::State::kOpen;
  if (*opened) custody::AfterHandshake();
  if (n > 0) {
    *len = static_cast<uint32_t>(n);
    return Fill::kData;
  }
  if (n == 0) return Fill::kNone;
  return channel.state() == Channel::State::kFailed ? Fill::kFailed : Fill::kClosed;
}

uint32_t Seal(Channel& channel, const uint8_t* p, uint32_t n) {
  uint32_t taken = 0;
  while (taken < n) {
    int k = channel.WritePlain(p + taken, n - taken);
    if (k <= 0) break;
    taken += static_cast<uint32_t>(k);
  }
  return taken;
}

bool FromGrant(caprt::Console& console, const char* who, const mbedtls_ssl_config** out) {
  *out = nullptr;
  caprt::Result<caprt::Cap> signer = caprt::FindCap(kSignerGrant, capos::layout::Signer::kId);
  if (!signer.ok()) {
    console.Printf("%s: plaintext (no %s grant)\n", who, kSignerGrant);
    return true;
  }
  // mbedTLS's clock (session tickets, certificate dates): this process's
  // timer, and its time of day (0 if the kernel found no RTC: then every
  // certificate is "not yet valid").
  caprt::Result<caprt::Cap> timer = caprt::FindCap("timer", caprt::iface::kTimer);
  if (!timer.ok()) {
    console.Printf("%s: TLS not ready: no timer grant\n", who);
    return false;
  }
  static caprt::EventClock clock{caprt::Timer(timer.value())};
  capos_mbedtls::SetClock([](void* c) { return static_cast<caprt::EventClock*>(c)->NowMs(); },
                          &clock);
  caprt::Result<uint64_t> wall = caprt::Timer(timer.value()).WallClockNs();
  capos_mbedtls::SetWallClock(wall.ok() ? wall.value() / 1000000 : 0, clock.NowMs());
  static KeyvaultServer server(signer.value(), kSignTimeoutMs);
  if (const char* why = server.Setup()) {
    console.Printf("%s: TLS not ready: %s\n", who, why);
    return false;
  }
  char fp[100];
  server.Fingerprint(fp, sizeof(fp));
  console.Printf("%s: TLS 1.3/1.2, certificate sha256 %s\n", who, fp);
  custody::Load(console, who);
  *out = server.conf();
  g_server = &server;
  return true;
}

bool ClientCertsFromAuthority(caprt::Console& console, const char* who,
                              const caprt::Cap& session_manager, uint16_t port) {
  static client_cert::Policy certs;
  capnp::MallocMessageBuilder params;
  params.initRoot<S::SessionManager::ClientCertificatesParams>().setPort(port);
  alignas(8) static uint64_t reply[(client_cert::kMaxCas * client_cert::kMaxCertBytes +
                                    client_cert::kMaxDenied * 32 + 512) /
                                   8];
  caprt::Result<uint32_t> n = caprt::CallMessage(
      session_manager, L::SessionManager::kClientCertificates, params, reply, sizeof(reply));
  bool required = false, loaded = true;
  caprt::Status d(abi::Error::kMalformedMessage);
  if (n.ok()) {
    d = caprt::DecodeRoot<S::SessionManager::ClientCertificatesResults>(
        reply, n.value(), [&](S::SessionManager::ClientCertificatesResults::Reader r) {
          required = r.getRequired();
          for (auto ca : r.getCas()) loaded = loaded && certs.AddCa(ca.begin(), ca.size());
          for (auto s : r.getDeniedSerials()) {
            loaded = loaded && certs.AddDeniedSerial(s.begin(), s.size());
          }
        });
  }
  if (!d.ok()) {
    console.Printf("%s: no client-certificate policy from the authority\n", who);
    return false;  // fail closed: the policy may have required one
  }
  if (!required) return true;
  if (g_server == nullptr || !loaded || certs.ca_count() == 0) {
    console.Printf("%s: client certificates required but %s\n", who,
                   g_server == nullptr ? "this port is not TLS" : "the CAs did not load");
    return false;
  }
  g_server->config().RequireClientCertificates(&certs);
  console.Printf("%s: client certificate required (%u CAs, %u serials denied)\n", who,
                 unsigned(certs.ca_count()), unsigned(certs.denied_count()));
  return true;
}

}  // namespace tls_front
