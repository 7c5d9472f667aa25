// The PSA Internal Trusted Storage API (see error.h beside this file). Its
// declaration is mbedTLS's own (library/psa_crypto_its.h, the interface its
// file-backed ITS implements), so ours cannot drift from what mbedTLS calls.
#ifndef CAPRT_MBEDTLS_PLATFORM_PSA_INTERNAL_TRUSTED_STORAGE_H_
#define CAPRT_MBEDTLS_PLATFORM_PSA_INTERNAL_TRUSTED_STORAGE_H_

#include "psa_crypto_its.h"

#endif  // CAPRT_MBEDTLS_PLATFORM_PSA_INTERNAL_TRUSTED_STORAGE_H_
