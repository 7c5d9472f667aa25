// mbedTLS 2.28 configuration for capOS (MBEDTLS_CONFIG_FILE). It replaces
// mbedtls/config.h entirely: only what the guest needs now (PBKDF2 password
// hashes, a DRBG seeded from the CPU) and soon (AES-GCM, ECDSA P-256) is on.
//
// The same file configures the guest build (mbedtls_guest) and the host build
// (mbedtls_host). The only difference: the guest has no OS entropy, so
// CAPOS_MBEDTLS_GUEST selects the RDRAND/RDSEED hardware hook
// (libcaprt/mbedtls/hardware_entropy.cc); the host uses /dev/urandom through
// mbedTLS's own platform source.
#ifndef CAPOS_MBEDTLS_CONFIG_H_
#define CAPOS_MBEDTLS_CONFIG_H_

// System support. No time, no file system, no sockets, no threads.
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY  // mbedtls_calloc/free are libc calloc/free

#if defined(CAPOS_MBEDTLS_GUEST)
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#endif

// Primitives.
#define MBEDTLS_AES_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_ENTROPY_FORCE_SHA256  // no SHA-512 in the image
#define MBEDTLS_GCM_C
#define MBEDTLS_MD_C
#define MBEDTLS_OID_C  // PKCS#5 PBES2 parsing names its algorithms by OID
#define MBEDTLS_PKCS5_C
#define MBEDTLS_SHA256_C

// Self tests are compiled so the host test can run them on the same code.
#define MBEDTLS_SELF_TEST

#include "mbedtls/check_config.h"

#endif  // CAPOS_MBEDTLS_CONFIG_H_
