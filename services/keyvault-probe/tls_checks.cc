#include "services/keyvault-probe/tls_checks.h"

#include <string.h>

#include "libcaprt/mbedtls/signer_key.h"
#include "libcaprt/mbedtls/tls_loopback.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/ssl.h"
#include "services/lib/keyvault-signer/keyvault_signer.h"

namespace kvprobe {
namespace {

constexpr uint16_t kSignTimeoutMs = 5000;  // TCG signs in milliseconds

mbedtls_entropy_context g_entropy;
mbedtls_ctr_drbg_context g_drbg;
caprt::tls::Loopback g_pair;

// One handshake and a message each way; false with `why` set otherwise.
bool Connect(mbedtls_ssl_protocol_version v, mbedtls_x509_crt* chain, mbedtls_pk_context* key,
             const char** why) {
  caprt::tls::Loopback::Options o;
  o.version = v;
  o.chain = chain;
  o.key = key;
  o.hostname = "tls.test";  // the name in keyvault-keys' certificate (system-keyvault.cue)
  o.rng = mbedtls_ctr_drbg_random;
  o.rng_ctx = &g_drbg;
  static const unsigned char kMsg[] = "over a key this process never held";
  bool ok = g_pair.SetUp(o);
  if (!ok) *why = "set-up failed";
  if (ok && !g_pair.Handshake()) ok = false, *why = "handshake failed";
  if (ok && mbedtls_ssl_get_verify_result(g_pair.client()) != 0) {
    ok = false, *why = "the client did not verify the chain";
  }
  if (ok && !g_pair.Carries(true, kMsg, sizeof(kMsg))) ok = false, *why = "no application data";
  g_pair.TearDown();
  return ok;
}

}  // namespace

void RunTlsChecks(harness::Harness& checks, const caprt::Cap& signer) {
  static keyvault_signer::KeyvaultSigner kv(signer, kSignTimeoutMs);  // an 8 KiB buffer
  mbedtls_entropy_init(&g_entropy);
  mbedtls_ctr_drbg_init(&g_drbg);
  mbedtls_x509_crt chain;
  mbedtls_x509_crt_init(&chain);
  caprt::tls::SignerKey key;
  const bool ready =
      mbedtls_ctr_drbg_seed(&g_drbg, mbedtls_entropy_func, &g_entropy, nullptr, 0) == 0 &&
      kv.FetchChain(&chain) == abi::Error::kOk && key.Bind(&kv, chain.pk) == 0;
  if (checks.Check("tls server key bound to keyvault's Signer", ready, "no chain or no binding")) {
    // Each handshake runs before its check is printed: the message reads
    // its outcome.
    struct Version {
      mbedtls_ssl_protocol_version v;
      const char* check;
    } const versions[] = {
        {MBEDTLS_SSL_VERSION_TLS1_3, "tls 1.3 handshake signed by keyvault, chain verified"},
        {MBEDTLS_SSL_VERSION_TLS1_2, "tls 1.2 handshake signed by keyvault, chain verified"},
    };
    for (const Version& version : versions) {
      const char* why = "";
      const int before = kv.calls();
      const bool connected = Connect(version.v, &chain, key.pk(), &why);
      const int signatures = kv.calls() - before;
      checks.Check(version.check, connected && signatures == 1, "%s (%d signatures)",
                   connected ? "connected" : why, signatures);
    }
  }
  mbedtls_x509_crt_free(&chain);
  mbedtls_ctr_drbg_free(&g_drbg);
  mbedtls_entropy_free(&g_entropy);
}

}  // namespace kvprobe
