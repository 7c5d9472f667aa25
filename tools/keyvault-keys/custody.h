// keyvault-keys --custody: the CustodyCheck resource of a test image
// (schema/keyvault.capnp): per key, the prefix and SHA-256 of each byte
// order its scalar may take in memory, and a random canary. It names no
// key byte beyond each pattern's first 8.
#pragma once

#include <stddef.h>

#include <string>

#include "schema/keyvault.capnp.h"

namespace keyvault_keys {

// Writes it to `path`; "" on success, else why not.
std::string WriteCustody(const std::string& path, capos::schema::KeyvaultKeys::Reader keys,
                         int (*rng)(void*, unsigned char*, size_t), void* rng_ctx);

}  // namespace keyvault_keys
