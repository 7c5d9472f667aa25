#include "libcaprt/mbedtls/signer_key.h"

#include "mbedtls/ecp.h"
// psa_util.h, unlike mbedTLS's other headers, has no extern "C" of its own.
extern "C" {
#include "mbedtls/psa_util.h"
}
#include "psa/crypto_se_driver.h"

namespace caprt::tls {
namespace {

constexpr psa_key_location_t kLocation = kSignerKeyLocation;
// Persistent key ids of bound keys: kKeyIdBase + slot (user range).
constexpr psa_key_id_t kKeyIdBase = 0x004b5600;

// The slot number PSA records for a key is an index here. PSA is
// process-global and so is this table (mbedTLS is single-threaded here).
Signer* g_signers[kMaxSignerKeys];

Signer* SignerAt(psa_key_slot_number_t slot) {
  return slot < static_cast<psa_key_slot_number_t>(kMaxSignerKeys) ? g_signers[slot] : nullptr;
}

// Only registration of a key that is already bound: importing, generating,
// deriving or copying would put key material into this process.
psa_status_t ValidateSlot(psa_drv_se_context_t* /*ctx*/, void* /*persistent*/,
                          const psa_key_attributes_t* /*attributes*/,
                          psa_key_creation_method_t method, psa_key_slot_number_t slot) {
  if (method != PSA_KEY_CREATION_REGISTER) return PSA_ERROR_NOT_SUPPORTED;
  return SignerAt(slot) != nullptr ? PSA_SUCCESS : PSA_ERROR_DOES_NOT_EXIST;
}

psa_status_t Destroy(psa_drv_se_context_t* /*ctx*/, void* /*persistent*/,
                     psa_key_slot_number_t slot) {
  if (slot < static_cast<psa_key_slot_number_t>(kMaxSignerKeys)) g_signers[slot] = nullptr;
  return PSA_SUCCESS;
}

psa_status_t Sign(psa_drv_se_context_t* /*ctx*/, psa_key_slot_number_t slot, psa_algorithm_t alg,
                  const uint8_t* hash, size_t hash_length, uint8_t* signature,
                  size_t signature_size, size_t* signature_length) {
  Signer* signer = SignerAt(slot);
  if (signer == nullptr) return PSA_ERROR_DOES_NOT_EXIST;
  // The key policy admits ECDSA only; anything else is a caller bug.
  if (!PSA_ALG_IS_ECDSA(alg)) return PSA_ERROR_NOT_SUPPORTED;
  const psa_algorithm_t hash_alg = PSA_ALG_SIGN_GET_HASH(alg);
  if (hash_length != PSA_HASH_LENGTH(hash_alg)) return PSA_ERROR_INVALID_ARGUMENT;
  size_t written = 0;
  const psa_status_t status =
      signer->Sign(hash_alg, hash, hash_length, signature, signature_size, &written);
  if (status != PSA_SUCCESS) return status;
  // A signer that claims more than the buffer is broken, not trusted.
  if (written == 0 || written > signature_size) return PSA_ERROR_CORRUPTION_DETECTED;
  *signature_length = written;
  return PSA_SUCCESS;
}

// The driver tables. The fields of these structs are documented in
// psa/crypto_se_driver.h but named through MBEDTLS_PRIVATE (as nearly every
// struct field is in mbedTLS 3), so they are initialized by position, in the
// header's documented order; 3.6 is an LTS line that keeps these layouts.
const psa_drv_se_key_management_t kKeyManagement = {
    nullptr,       // p_allocate: no key creation
    ValidateSlot,  // p_validate_slot_number: registration only
    nullptr,       // p_import
    nullptr,       // p_generate
    Destroy,       // p_destroy: unbinds the slot
    nullptr,       // p_export: never
    nullptr,       // p_export_public: the certificate carries it
};

const psa_drv_se_asymmetric_t kAsymmetric = {
    Sign,     // p_sign
    nullptr,  // p_verify: PSA verifies with public keys itself
    nullptr,  // p_encrypt
    nullptr,  // p_decrypt: no decryption oracle
};

const psa_drv_se_t kDriver = {
    PSA_DRV_SE_HAL_VERSION,
    0,        // persistent_data_size: the slot table is rebuilt at every start
    nullptr,  // p_init
    &kKeyManagement,
    nullptr,  // mac
    nullptr,  // cipher
    nullptr,  // aead
    &kAsymmetric,
    nullptr,  // derivation: no key agreement
};

}  // namespace

psa_status_t InstallSignerDriver() {
  return psa_register_se_driver(kLocation, &kDriver);
}

SignerKey::SignerKey() {
  mbedtls_pk_init(&pk_);
}

SignerKey::~SignerKey() {
  mbedtls_pk_free(&pk_);  // an opaque context leaves the PSA key alone
  // Removes the PSA record and, through Destroy, the slot's Signer.
  if (slot_ >= 0) psa_destroy_key(id_);
}

int SignerKey::Bind(Signer* signer, const mbedtls_pk_context& public_key) {
  if (signer == nullptr || slot_ >= 0) return MBEDTLS_ERR_PK_BAD_INPUT_DATA;
  if (mbedtls_pk_get_type(&public_key) != MBEDTLS_PK_ECKEY) {
    return MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE;
  }
  size_t bits = 0;
  const psa_ecc_family_t family =
      mbedtls_ecc_group_to_psa(mbedtls_ecp_keypair_get_group_id(mbedtls_pk_ec(public_key)), &bits);
  if (family != PSA_ECC_FAMILY_SECP_R1) return MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE;

  int slot = 0;
  while (slot < kMaxSignerKeys && g_signers[slot] != nullptr) ++slot;
  if (slot == kMaxSignerKeys) return MBEDTLS_ERR_PK_ALLOC_FAILED;

  psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
  const mbedtls_svc_key_id_t id = mbedtls_svc_key_id_make(0, kKeyIdBase + slot);
  psa_set_key_id(&attributes, id);
  psa_set_key_lifetime(&attributes, PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(
                                        PSA_KEY_PERSISTENCE_DEFAULT, kLocation));
  psa_set_key_type(&attributes, PSA_KEY_TYPE_ECC_KEY_PAIR(family));
  psa_set_key_bits(&attributes, bits);
  // Signing of hashes only. Randomized ECDSA in the policy: mbedTLS's opaque
  // PK asks for deterministic ECDSA first and falls back to this; the key
  // service may still sign deterministically (a verifier cannot tell).
  psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_SIGN_HASH);
  psa_set_key_algorithm(&attributes, PSA_ALG_ECDSA(PSA_ALG_ANY_HASH));
  psa_set_key_slot_number(&attributes, static_cast<psa_key_slot_number_t>(slot));

  g_signers[slot] = signer;  // ValidateSlot looks for it
  const psa_status_t status = mbedtls_psa_register_se_key(&attributes);
  if (status != PSA_SUCCESS) {
    g_signers[slot] = nullptr;
    return status;
  }
  slot_ = slot;
  id_ = id;
  return mbedtls_pk_setup_opaque(&pk_, id_);
}

}  // namespace caprt::tls
