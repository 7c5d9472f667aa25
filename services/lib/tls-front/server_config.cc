#include "services/lib/tls-front/server_config.h"

namespace tls_front {
namespace {

// Forward secrecy and AEAD only; ECDSA because keyvault's keys are ECDSA.
const int kCipherSuites[] = {
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256,
    MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    0,
};

constexpr unsigned char kPersonalization[] = "capos tls-front";

}  // namespace

ServerConfig::ServerConfig() {
  mbedtls_entropy_init(&entropy_);
  mbedtls_ctr_drbg_init(&drbg_);
  mbedtls_ssl_ticket_init(&tickets_);
  mbedtls_ssl_config_init(&conf_);
}

ServerConfig::~ServerConfig() {
  mbedtls_ssl_config_free(&conf_);
  mbedtls_ssl_ticket_free(&tickets_);
  mbedtls_ctr_drbg_free(&drbg_);
  mbedtls_entropy_free(&entropy_);
}

int ServerConfig::Setup(mbedtls_x509_crt* chain, mbedtls_pk_context* key) {
  int ret = mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, kPersonalization,
                                  sizeof(kPersonalization) - 1);
  if (ret == 0) {
    ret = mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT);
  }
  if (ret == 0) {
    ret = mbedtls_ssl_ticket_setup(&tickets_, mbedtls_ctr_drbg_random, &drbg_,
                                   MBEDTLS_CIPHER_AES_256_GCM, kTicketLifetimeS);
  }
  if (ret != 0) return ret;
  mbedtls_ssl_conf_rng(&conf_, mbedtls_ctr_drbg_random, &drbg_);
  mbedtls_ssl_conf_session_tickets_cb(&conf_, mbedtls_ssl_ticket_write, mbedtls_ssl_ticket_parse,
                                      &tickets_);
  mbedtls_ssl_conf_min_tls_version(&conf_, MBEDTLS_SSL_VERSION_TLS1_2);
  mbedtls_ssl_conf_max_tls_version(&conf_, MBEDTLS_SSL_VERSION_TLS1_3);
  mbedtls_ssl_conf_ciphersuites(&conf_, kCipherSuites);
  mbedtls_ssl_conf_tls13_key_exchange_modes(&conf_,
                                            MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL |
                                                MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL);
  mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_NONE);
  return mbedtls_ssl_conf_own_cert(&conf_, chain, key);
}

void ServerConfig::RequireClientCertificates(client_cert::Policy* certs) {
  mbedtls_ssl_conf_ca_chain(&conf_, certs->ca_chain(), nullptr);
  mbedtls_ssl_conf_verify(&conf_, client_cert::Policy::VerifyCallback, certs);
  mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_REQUIRED);
}

}  // namespace tls_front
