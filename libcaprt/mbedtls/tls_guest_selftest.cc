// The guest mbedTLS (mbedtls_guest: guest flags, libcaprt's libc, the
// RDRAND/RDSEED entropy hook) linked into a freestanding program and run on
// the build machine through libcaprt's Linux-syscall _start (see
// libcaprt/libc/selftest). It proves that the TLS modules link with no other
// C library and work there: a client and a server in this process complete
// a TLS 1.3 and a TLS 1.2 handshake through in-memory BIO callbacks and
// exchange data, then every byte of heap is returned; then both again with
// the server signing through a SignerKey (signer_key.h: the secure-element
// driver and PSA's storage in RAM, freestanding). The server's key and
// certificate come from tls_identity_gen at build time.
#include <caprt/libc.h>
#include <stdio.h>
#include <string.h>

#include "libcaprt/mbedtls/hardware_entropy.h"
#include "libcaprt/mbedtls/signer_key.h"
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

// Bytes in flight one way; a flight never exceeds a few KiB here.
struct Pipe {
  unsigned char buf[32 << 10];
  size_t start = 0;
  size_t end = 0;
};

struct Side {
  mbedtls_ssl_config conf;
  mbedtls_ssl_context ssl;
  Pipe* in;
  Pipe* out;
};

int Send(void* ctx, const unsigned char* p, size_t n) {
  Pipe* out = static_cast<Side*>(ctx)->out;
  if (n > sizeof(out->buf) - out->end) n = sizeof(out->buf) - out->end;
  if (n == 0) return MBEDTLS_ERR_SSL_WANT_WRITE;
  memcpy(out->buf + out->end, p, n);
  out->end += n;
  return static_cast<int>(n);
}

int Recv(void* ctx, unsigned char* p, size_t n) {
  Pipe* in = static_cast<Side*>(ctx)->in;
  if (in->start == in->end) {
    in->start = in->end = 0;
    return MBEDTLS_ERR_SSL_WANT_READ;
  }
  if (n > in->end - in->start) n = in->end - in->start;
  memcpy(p, in->buf + in->start, n);
  in->start += n;
  return static_cast<int>(n);
}

bool Pending(int ret) {
  return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

mbedtls_entropy_context g_entropy;
mbedtls_ctr_drbg_context g_drbg;
mbedtls_x509_crt g_cert;
mbedtls_pk_context g_key;
Pipe g_c2s, g_s2c;
Side g_client, g_server;
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

bool SetUp(Side* s, int endpoint, mbedtls_ssl_protocol_version version, Pipe* in, Pipe* out) {
  mbedtls_ssl_config_init(&s->conf);
  mbedtls_ssl_init(&s->ssl);
  s->in = in;
  s->out = out;
  if (mbedtls_ssl_config_defaults(&s->conf, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                  MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
    return false;
  }
  mbedtls_ssl_conf_rng(&s->conf, mbedtls_ctr_drbg_random, &g_drbg);
  mbedtls_ssl_conf_min_tls_version(&s->conf, version);
  mbedtls_ssl_conf_max_tls_version(&s->conf, version);
  if (endpoint == MBEDTLS_SSL_IS_SERVER) {
    if (mbedtls_ssl_conf_own_cert(&s->conf, &g_cert, g_server_key) != 0) return false;
  } else {
    mbedtls_ssl_conf_ca_chain(&s->conf, &g_cert, nullptr);
  }
  if (mbedtls_ssl_setup(&s->ssl, &s->conf) != 0) return false;
  mbedtls_ssl_set_bio(&s->ssl, s, Send, Recv, nullptr);
  return endpoint == MBEDTLS_SSL_IS_SERVER || mbedtls_ssl_set_hostname(&s->ssl, "tls.test") == 0;
}

void TearDown(Side* s) {
  mbedtls_ssl_free(&s->ssl);
  mbedtls_ssl_config_free(&s->conf);
}

bool Handshake() {
  int c = MBEDTLS_ERR_SSL_WANT_WRITE, s = MBEDTLS_ERR_SSL_WANT_READ;
  for (int round = 0; round < 32 && (Pending(c) || Pending(s)); ++round) {
    if (Pending(c)) c = mbedtls_ssl_handshake(&g_client.ssl);
    if (Pending(s)) s = mbedtls_ssl_handshake(&g_server.ssl);
  }
  if (c != 0 || s != 0) printf("handshake: client %d, server %d\n", c, s);
  return c == 0 && s == 0;
}

// Writes `msg` on one side and reads it back on the other.
bool Carries(Side* from, Side* to, const char* msg) {
  const size_t n = strlen(msg);
  if (mbedtls_ssl_write(&from->ssl, reinterpret_cast<const unsigned char*>(msg), n) !=
      static_cast<int>(n)) {
    return false;
  }
  unsigned char got[64] = {};
  return mbedtls_ssl_read(&to->ssl, got, sizeof(got)) == static_cast<int>(n) &&
         memcmp(got, msg, n) == 0;
}

void Connection(mbedtls_ssl_protocol_version version, const char* name) {
  char what[96];
  const bool set_up = SetUp(&g_client, MBEDTLS_SSL_IS_CLIENT, version, &g_s2c, &g_c2s) &&
                      SetUp(&g_server, MBEDTLS_SSL_IS_SERVER, version, &g_c2s, &g_s2c);
  snprintf(what, sizeof(what), "%s: set up", name);
  Check(set_up, what);
  if (set_up) {
    const bool done = Handshake();
    snprintf(what, sizeof(what), "%s: handshake", name);
    Check(done, what);
    snprintf(what, sizeof(what), "%s: version", name);
    Check(mbedtls_ssl_get_version_number(&g_client.ssl) == version, what);
    snprintf(what, sizeof(what), "%s: data both ways", name);
    Check(done && Carries(&g_client, &g_server, "from the guest client") &&
              Carries(&g_server, &g_client, "from the guest server"),
          what);
  }
  TearDown(&g_client);
  TearDown(&g_server);
  g_c2s.start = g_c2s.end = 0;
  g_s2c.start = g_s2c.end = 0;
}

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
