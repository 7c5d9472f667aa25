// The guest mbedTLS (mbedtls_guest: guest flags, libcaprt's libc, the
// RDRAND/RDSEED entropy hook) linked into a freestanding program and run on
// the build machine through libcaprt's Linux-syscall _start (see
// libcaprt/libc/selftest). It proves that the TLS modules link with no other
// C library and work there: a client and a server in this process complete
// a TLS 1.3 and a TLS 1.2 handshake through in-memory BIO callbacks and
// exchange data, then every byte of heap is returned; then both again with
// the server signing through a SignerKey (signer_key.h: the secure-element
// driver and PSA's storage in RAM, freestanding). The server's key and
// certificate come from tls_identity_gen at build time (valid 2025..2045).
// Certificate dates are checked as in the guest (clock.h): with no time of
// day, or a time outside the validity, the client refuses the certificate.
#include <caprt/libc.h>
#include <stdio.h>
#include <string.h>

#include "libcaprt/mbedtls/clock.h"
#include "libcaprt/mbedtls/hardware_entropy.h"
#include "libcaprt/mbedtls/signer_key.h"
#include "libcaprt/mbedtls/tls_loopback.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/pk.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"
#include "psa/crypto.h"
#include "tls_guest_identity.h"
extern "C" {
#include "mbedtls/psa_util.h"  // no extern "C" of its own
}

namespace {

int g_passed = 0;
int g_failed = 0;

void Check(bool ok, const char* what) {
  if (ok) {
    ++g_passed;
  } else {
    ++g_failed;
    printf("FAIL: %s\n", what);
  }
}

mbedtls_entropy_context g_entropy;
mbedtls_ctr_drbg_context g_drbg;
mbedtls_x509_crt g_cert;
mbedtls_pk_context g_key;
caprt::tls::Loopback g_pair;
mbedtls_pk_context* g_server_key = &g_key;

// Signs with g_key in this process: here only the freestanding build of the
// route is under test; the key's separation is keyvault's (and host-tested).
class InProcessSigner : public caprt::tls::Signer {
 public:
  int signs = 0;
  psa_status_t Sign(psa_algorithm_t hash_alg, const uint8_t* digest, size_t digest_len,
                    uint8_t* signature, size_t signature_size, size_t* signature_len) override {
    ++signs;
    unsigned char der[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
    size_t der_len = 0;
    if (mbedtls_pk_sign(&g_key, mbedtls_md_type_from_psa_alg(hash_alg), digest, digest_len, der,
                        sizeof(der), &der_len, mbedtls_ctr_drbg_random, &g_drbg) != 0 ||
        mbedtls_ecdsa_der_to_raw(256, der, der_len, signature, signature_size, signature_len) !=
            0) {
      return PSA_ERROR_HARDWARE_FAILURE;
    }
    return PSA_SUCCESS;
  }
};

bool Carries(bool from_client, const char* msg) {
  return g_pair.Carries(from_client, reinterpret_cast<const unsigned char*>(msg), strlen(msg));
}

void Connection(mbedtls_ssl_protocol_version version, const char* name) {
  char what[96];
  caprt::tls::Loopback::Options o;
  o.version = version;
  o.chain = &g_cert;
  o.key = g_server_key;
  o.hostname = "tls.test";
  o.rng = mbedtls_ctr_drbg_random;
  o.rng_ctx = &g_drbg;
  const bool set_up = g_pair.SetUp(o);
  snprintf(what, sizeof(what), "%s: set up", name);
  Check(set_up, what);
  if (set_up) {
    int c = 0, s = 0;
    const bool done = g_pair.Handshake(&c, &s);
    if (!done) printf("handshake: client %d, server %d\n", c, s);
    snprintf(what, sizeof(what), "%s: handshake", name);
    Check(done, what);
    snprintf(what, sizeof(what), "%s: version", name);
    Check(mbedtls_ssl_get_version_number(g_pair.client()) == version, what);
    snprintf(what, sizeof(what), "%s: data both ways", name);
    Check(done && Carries(true, "from the guest client") && Carries(false, "from the guest server"),
          what);
  }
  g_pair.TearDown();
}

// A TLS 1.3 handshake the client must refuse for the certificate's dates,
// with `flag` (MBEDTLS_X509_BADCERT_*) among its verify flags.
void RefusedForDates(uint32_t flag, const char* name) {
  caprt::tls::Loopback::Options o;
  o.version = MBEDTLS_SSL_VERSION_TLS1_3;
  o.chain = &g_cert;
  o.key = &g_key;
  o.hostname = "tls.test";
  o.rng = mbedtls_ctr_drbg_random;
  o.rng_ctx = &g_drbg;
  const bool set_up = g_pair.SetUp(o);
  Check(set_up, name);
  if (set_up) {
    const bool done = g_pair.Handshake();
    const uint32_t flags = mbedtls_ssl_get_verify_result(g_pair.client());
    if (done || !(flags & flag)) printf("%s: handshake %d, verify flags %#x\n", name, done, flags);
    Check(!done && (flags & flag), name);
  }
  g_pair.TearDown();
}

// Unix ms of 2026-01-01 and 2046-01-01 (the certificate is valid
// 2025..2045). This process has no monotonic clock: mbedtls_time() is the
// wall clock alone.
constexpr uint64_t kIn2026Ms = 1767225600000ull;
constexpr uint64_t kIn2046Ms = 2398377600000ull;

}  // namespace

// Exit status 77 (CTest: skipped) on a CPU without RDSEED/RDRAND, where the
// guest has no entropy source for mbedTLS.
extern "C" int caprt_selftest_main() {
  if (caprt::entropy::detect() == caprt::entropy::Source::kNone) {
    printf("mbedtls_guest_selftest: no RDSEED/RDRAND, skipped\n");
    return 77;
  }
  const size_t heap_before = caprt_heap_used();
  Check(caprt::tls::InstallSignerDriver() == PSA_SUCCESS, "signer driver installed");
  Check(psa_crypto_init() == PSA_SUCCESS, "psa_crypto_init");
  mbedtls_entropy_init(&g_entropy);
  mbedtls_ctr_drbg_init(&g_drbg);
  mbedtls_x509_crt_init(&g_cert);
  mbedtls_pk_init(&g_key);
  Check(mbedtls_ctr_drbg_seed(&g_drbg, mbedtls_entropy_func, &g_entropy, nullptr, 0) == 0,
        "ctr_drbg seeded from the hardware entropy hook");
  Check(mbedtls_x509_crt_parse_der(&g_cert, kTestCertDer, sizeof(kTestCertDer)) == 0,
        "certificate parses");
  Check(mbedtls_pk_parse_key(&g_key, kTestKeyDer, sizeof(kTestKeyDer), nullptr, 0,
                             mbedtls_ctr_drbg_random, &g_drbg) == 0,
        "key parses");
  if (g_failed == 0) {
    RefusedForDates(MBEDTLS_X509_BADCERT_FUTURE, "no time of day: certificate not yet valid");
    capos_mbedtls::SetWallClock(kIn2046Ms, 0);
    RefusedForDates(MBEDTLS_X509_BADCERT_EXPIRED, "in 2046: certificate expired");
    capos_mbedtls::SetWallClock(kIn2026Ms, 0);
    Connection(MBEDTLS_SSL_VERSION_TLS1_3, "TLS 1.3");
    Connection(MBEDTLS_SSL_VERSION_TLS1_2, "TLS 1.2");
    InProcessSigner signer;
    caprt::tls::SignerKey signer_key;
    Check(signer_key.Bind(&signer, g_cert.pk) == 0, "signer key bound");
    g_server_key = signer_key.pk();
    Connection(MBEDTLS_SSL_VERSION_TLS1_3, "TLS 1.3, signer key");
    Connection(MBEDTLS_SSL_VERSION_TLS1_2, "TLS 1.2, signer key");
    g_server_key = &g_key;
    Check(signer.signs == 2, "one signature per handshake, through the Signer");
  }
  mbedtls_pk_free(&g_key);
  mbedtls_x509_crt_free(&g_cert);
  mbedtls_ctr_drbg_free(&g_drbg);
  mbedtls_entropy_free(&g_entropy);
  mbedtls_psa_crypto_free();
  Check(caprt_heap_used() == heap_before, "heap returns");
  printf("mbedtls_guest_selftest: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
