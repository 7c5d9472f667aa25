// keyvault-keys --import: a key made elsewhere (tools/dev-pki, with the
// openssl CLI) into a KeyvaultKeys entry: its private scalar, and its
// certificate chain, leaf first. The leaf must certify that very key.
#pragma once

#include <string>
#include <vector>

#include "mbedtls/x509_crt.h"
#include "schema/keyvault.capnp.h"

namespace keyvault_keys {

// "KEY.pem:CERT.pem[:CHAIN.pem...]" (PEM or DER each; the key ECDSA
// P-256). Fills `key` (its name is the caller's) and parses the leaf into
// `leaf` (initialized by the caller); "" on success, else why not.
std::string Import(const std::string& files, capos::schema::KeyvaultKeys::Key::Builder key,
                   mbedtls_x509_crt* leaf, int (*rng)(void*, unsigned char*, size_t),
                   void* rng_ctx);

}  // namespace keyvault_keys
