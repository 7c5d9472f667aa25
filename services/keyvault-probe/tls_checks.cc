#include "services/keyvault-probe/tls_checks.h"

#include <string.h>

#include "libcaprt/mbedtls/signer_key.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/ssl.h"
#include "services/lib/keyvault-signer/keyvault_signer.h"

namespace kvprobe {
namespace {

constexpr uint16_t kSignTimeoutMs = 5000;  // TCG signs in milliseconds

// Bytes in flight one way; a flight is a few KiB.
struct Pipe {
  unsigned char buf[16 << 10];
  size_t start = 0, end = 0;
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
Pipe g_c2s, g_s2c;
Side g_client, g_server;

bool SetUp(Side* s, int endpoint, mbedtls_ssl_protocol_version v, mbedtls_x509_crt* chain,
           mbedtls_pk_context* key) {
  mbedtls_ssl_config_init(&s->conf);
  mbedtls_ssl_init(&s->ssl);
  const bool server = endpoint == MBEDTLS_SSL_IS_SERVER;
  s->in = server ? &g_c2s : &g_s2c;
  s->out = server ? &g_s2c : &g_c2s;
  s->in->start = s->in->end = 0;
  if (mbedtls_ssl_config_defaults(&s->conf, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                  MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
    return false;
  }
  mbedtls_ssl_conf_rng(&s->conf, mbedtls_ctr_drbg_random, &g_drbg);
  mbedtls_ssl_conf_min_tls_version(&s->conf, v);
  mbedtls_ssl_conf_max_tls_version(&s->conf, v);
  if (server && mbedtls_ssl_conf_own_cert(&s->conf, chain, key) != 0) return false;
  if (!server) mbedtls_ssl_conf_ca_chain(&s->conf, chain, nullptr);
  if (mbedtls_ssl_setup(&s->ssl, &s->conf) != 0) return false;
  mbedtls_ssl_set_bio(&s->ssl, s, Send, Recv, nullptr);
  // The name in keyvault-keys' certificate (manifests/system-keyvault.cue).
  return server || mbedtls_ssl_set_hostname(&s->ssl, "tls.test") == 0;
}

void TearDown(Side* s) {
  mbedtls_ssl_free(&s->ssl);
  mbedtls_ssl_config_free(&s->conf);
}

// One handshake and a message each way; false with `why` set otherwise.
bool Connect(mbedtls_ssl_protocol_version v, mbedtls_x509_crt* chain, mbedtls_pk_context* key,
             const char** why) {
  bool ok = SetUp(&g_client, MBEDTLS_SSL_IS_CLIENT, v, chain, key) &&
            SetUp(&g_server, MBEDTLS_SSL_IS_SERVER, v, chain, key);
  if (!ok) *why = "set-up failed";
  int c = MBEDTLS_ERR_SSL_WANT_WRITE, s = MBEDTLS_ERR_SSL_WANT_READ;
  for (int round = 0; ok && round < 32 && (Pending(c) || Pending(s)); ++round) {
    if (Pending(c)) c = mbedtls_ssl_handshake(&g_client.ssl);
    if (Pending(s)) s = mbedtls_ssl_handshake(&g_server.ssl);
  }
  if (ok && (c != 0 || s != 0)) ok = false, *why = "handshake failed";
  if (ok && mbedtls_ssl_get_verify_result(&g_client.ssl) != 0) {
    ok = false, *why = "the client did not verify the chain";
  }
  static const unsigned char kMsg[] = "over a key this process never held";
  unsigned char got[64] = {};
  if (ok && (mbedtls_ssl_write(&g_client.ssl, kMsg, sizeof(kMsg)) != sizeof(kMsg) ||
             mbedtls_ssl_read(&g_server.ssl, got, sizeof(got)) != sizeof(kMsg))) {
    ok = false, *why = "no application data";
  }
  TearDown(&g_client);
  TearDown(&g_server);
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
