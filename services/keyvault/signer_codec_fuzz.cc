// Any bytes as a call on a Signer endpoint, against a real key: the codec
// answers with a transport error or a result that fits the reply buffer,
// and never reads outside the params it was given (they sit in a buffer
// of exactly their size, so ASan sees an over-read). A TLS front end that
// parses network bytes is the caller, so its calls are untrusted input.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "psa/crypto.h"
#include "services/keyvault/signer_codec.h"

namespace {

const keyvault::KeyTable& Table() {
  static keyvault::KeyTable* table = [] {
    if (psa_crypto_init() != PSA_SUCCESS) abort();
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_set_key_type(&a, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&a, 256);
    psa_set_key_usage_flags(&a, PSA_KEY_USAGE_EXPORT);
    mbedtls_svc_key_id_t id;
    uint8_t d[32];
    size_t len = 0;
    if (psa_generate_key(&a, &id) != PSA_SUCCESS ||
        psa_export_key(id, d, sizeof(d), &len) != PSA_SUCCESS) {
      abort();
    }
    psa_destroy_key(id);
    auto* t = new keyvault::KeyTable;
    const char* why = nullptr;
    if (!t->Add("tls-server", 10, keyvault::KeyType::kEcdsaP256, d, len, nullptr, nullptr, 0,
                &why)) {
      abort();
    }
    return t;
  }();
  return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const keyvault::KeyTable& table = Table();
  // The three methods and one past them; reply room from none to plenty.
  const uint16_t method = data[0] % 4;
  static const uint32_t kCaps[] = {0, 16, 128, 4096};
  const uint32_t out_cap = kCaps[data[1] % 4];
  const size_t len = size - 2;
  uint8_t* params = static_cast<uint8_t*>(malloc(len ? len : 1));
  if (len) memcpy(params, data + 2, len);
  static uint8_t out[4096];
  keyvault::Reply r = keyvault::HandleCall(table, *table.at(0), method, params,
                                           static_cast<uint32_t>(len), out, out_cap);
  free(params);
  if (r.status == abi::Error::kOk && r.len > out_cap) abort();
  return 0;
}
