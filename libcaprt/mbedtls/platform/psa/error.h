// The PSA platform headers mbedTLS includes when PSA's storage is a native
// ITS (MBEDTLS_PSA_CRYPTO_STORAGE_C without MBEDTLS_PSA_ITS_FILE_C), as a
// PSA platform such as TF-M would provide them. Ours is psa_its_ram.cc.
// Status codes: mbedTLS's PSA headers already define them.
#ifndef CAPRT_MBEDTLS_PLATFORM_PSA_ERROR_H_
#define CAPRT_MBEDTLS_PLATFORM_PSA_ERROR_H_

#include "psa/crypto_types.h"
#include "psa/crypto_values.h"

#endif  // CAPRT_MBEDTLS_PLATFORM_PSA_ERROR_H_
