#include "services/lib/tls-front/front_glue.h"

#include <stdlib.h>

#include <new>

#include "layout/keyvault.capnp.layout.h"
#include "libcaprt/mbedtls/clock.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/lib/tls-front/custody.h"
#include "services/lib/tls-front/keyvault_server.h"

namespace tls_front {
namespace {

// A handshake waits for keyvault's signature (docs/architecture.md, "TLS
// on a front end's port"); a keyvault that does not answer within this
// fails that handshake only.
constexpr uint16_t kSignTimeoutMs = 1000;

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
  return true;
}

}  // namespace tls_front
