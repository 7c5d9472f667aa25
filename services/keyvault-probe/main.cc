// keyvault-probe: proves keyvault in QEMU (manifest system-keyvault,
// scenario keyvault). As a front end's harness it starts keyvault with
// exactly its grants (console, the `keys` resource, the tls-server Signer
// owner facet), releases its own copies of those, and keeps only the
// Signer client facet. First, the whole boot package (init's kind of cap)
// must refuse to read the secret blob. Then: the public key and
// certificate come back, a signature over a digest verifies with that
// public key (PSA) and with the certificate's key (X.509), a changed digest
// does not, and bad requests get typed refusals. Last, TLS 1.3 and 1.2 handshakes in this process
// whose server signs through keyvault (tls_checks.h), with mbedTLS's clock
// from the timer (so the client checks the certificate's dates against the
// RTC's time of day, as a front end would). At the end it stops
// keyvault so the guest powers off.
#include <string.h>

#include <capnp/message.h>

#include "layout/keyvault.capnp.layout.h"
#include "libcaprt/mbedtls/clock.h"
#include "libcaprt/mbedtls/signer_key.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "mbedtls/pk.h"
#include "mbedtls/x509_crt.h"
#include "psa/crypto.h"
#include "schema/keyvault.capnp.h"
#include "services/keyvault-probe/signer_calls.h"
#include "services/keyvault-probe/tls_checks.h"
#include "services/lib/probe/harness.h"

namespace {

using caprt::Cap;
using caprt::ErrorName;
using Schema = capos::schema::Signer;

harness::Harness checks;

bool Find(const char* name, uint64_t iface, Cap* out) {
  caprt::Result<Cap> c = caprt::FindCap(name, iface);
  if (!c.ok()) checks.Fail("setup", "no %s grant (%s)", name, ErrorName(c.error()));
  if (c.ok()) *out = c.value();
  return c.ok();
}

void RunChecks(const Cap& signer) {
  kvprobe::SignerClient kv(signer);
  kvprobe::PublicKey pub;
  if (!checks.Check("public-key ecdsaP256 65-byte point",
                    kv.GetPublicKey(&pub) && pub.p256 && pub.point_len == 65, "%s", kv.why())) {
    return;
  }
  mbedtls_x509_crt chain;
  mbedtls_x509_crt_init(&chain);
  const bool cert_ok = kv.GetChain(&chain);
  checks.Check("certificate-chain parses", cert_ok, "%s", kv.why());

  uint8_t digest[32];
  for (size_t i = 0; i < sizeof(digest); ++i) digest[i] = static_cast<uint8_t>(i * 37 + 11);
  uint8_t sig[96];
  size_t sig_len = 0;
  const bool signed_ok = kv.Sign(Schema::HashAlgorithm::SHA256, digest, 32, sig, &sig_len);
  if (checks.Check("sign sha256 64-byte signature", signed_ok && sig_len == 64, "%s", kv.why())) {
    checks.Check("signature verifies with the public key",
                 kvprobe::VerifyWithPoint(pub, digest, 32, sig, sig_len), "PSA verify refused");
    digest[0] ^= 1;
    checks.Check("changed digest does not verify",
                 !kvprobe::VerifyWithPoint(pub, digest, 32, sig, sig_len), "it verified");
    digest[0] ^= 1;
    if (cert_ok) {
      checks.Check("signature verifies with the certificate's key",
                   kvprobe::VerifyWithCert(chain, digest, 32, sig, sig_len), "X.509 key refused");
    }
  }
  mbedtls_x509_crt_free(&chain);

  Schema::Error e;
  checks.Check(
      "short digest refused badDigestLength",
      kv.Refused(Schema::HashAlgorithm::SHA256, 31, &e) && e == Schema::Error::BAD_DIGEST_LENGTH,
      "%s", kv.why());
  checks.Check(
      "sha512 refused unsupportedHash",
      kv.Refused(Schema::HashAlgorithm::SHA512, 64, &e) && e == Schema::Error::UNSUPPORTED_HASH,
      "%s", kv.why());
}

// mbedTLS's clock, as tls-front installs it: monotonic from the timer,
// the time of day from Timer.wallClock (0 when the kernel found no RTC,
// and then every certificate would be "not yet valid").
void InstallClock(const Cap& timer_cap) {
  caprt::Timer timer(timer_cap);
  static caprt::EventClock clock{timer};
  capos_mbedtls::SetClock([](void* c) { return static_cast<caprt::EventClock*>(c)->NowMs(); },
                          &clock);
  caprt::Result<uint64_t> wall = timer.WallClockNs();
  const uint64_t unix_ms = wall.ok() ? wall.value() / 1000000 : 0;
  capos_mbedtls::SetWallClock(unix_ms, clock.NowMs());
  checks.Check("time of day from the timer", unix_ms != 0, "%s",
               wall.ok() ? "the kernel has none (rtc: unknown)" : ErrorName(wall.error()));
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  checks = harness::Harness(console.value(), "keyvault-probe");
  Cap spawner, keys, owner, signer, whole, timer;
  if (!Find("processSpawner", caprt::iface::kProcessSpawner, &spawner) ||
      !Find("timer", caprt::iface::kTimer, &timer) ||
      !Find("bootPackage", caprt::iface::kBootPackage, &whole) ||
      !Find("keys", caprt::iface::kBootPackage, &keys) ||
      !Find("tlsServerOwner", capos::layout::Signer::kId, &owner) ||
      !Find("tlsServer", capos::layout::Signer::kId, &signer) ||
      caprt::tls::InstallSignerDriver() != PSA_SUCCESS || psa_crypto_init() != PSA_SUCCESS) {
    return checks.Finish();
  }
  // The secret blob is the keys grant's alone: the whole package, as init
  // and the launcher hold it, lists it but will not read it.
  char buf[8];
  caprt::BootPackage pkg(whole);
  caprt::Result<size_t> secret = pkg.Read("keyvault-keys", 0, buf, sizeof(buf));
  caprt::Result<size_t> manifest = pkg.Read("manifest", 0, buf, sizeof(buf));
  checks.Check("whole package denies keyvault-keys, reads manifest",
               !secret.ok() && secret.error() == abi::Error::kDenied && manifest.ok(),
               "keyvault-keys: %s, manifest: %s", secret.ok() ? "read" : ErrorName(secret.error()),
               manifest.ok() ? "read" : ErrorName(manifest.error()));
  caprt::Release(whole);
  const caprt::SpawnGrant grants[] = {
      {"console", console.value().cap()}, {"keys", keys}, {"tls-server", owner}};
  caprt::Result<caprt::Spawned> kv =
      caprt::ProcessSpawner(spawner).Spawn("keyvault", "keyvault", grants, 3, 256);
  // From here this process holds what a TLS front end would: the client
  // facet only. The released resource cap reads nothing.
  caprt::Release(keys);
  caprt::Release(owner);
  caprt::Result<size_t> peek = caprt::BootPackage(keys).Read("keyvault-keys", 0, buf, sizeof(buf));
  checks.Check("harness keeps no key resource", !peek.ok(), "it still reads the keys");
  if (checks.Check("start keyvault", kv.ok(), "%s", ErrorName(kv.error()))) {
    RunChecks(signer);
    InstallClock(timer);
    kvprobe::RunTlsChecks(checks, signer);
  }
  if (kv.ok()) caprt::ProcessHandle(kv.value().handle).Kill();
  return checks.Finish();
}
