// mbedTLS 3.6 LTS configuration for capOS (MBEDTLS_CONFIG_FILE). It replaces
// mbedtls/mbedtls_config.h entirely: only what the guest uses now (PBKDF2
// password hashes, SHA-256, a DRBG seeded from the CPU) and what a TLS
// endpoint needs next is on. mbedtls/build_info.h includes this file, then
// derives the PSA_WANT_* set from it and runs mbedtls/check_config.h itself
// (so this file must not include it).
//
// The same file configures the guest build (mbedtls_guest) and the host build
// (mbedtls_host). Differences: the guest has no OS entropy, so
// CAPOS_MBEDTLS_GUEST selects the RDRAND/RDSEED hardware hook
// (libcaprt/mbedtls/hardware_entropy.cc), while the host uses the OS through
// mbedTLS's own platform source; and only the host can write certificates
// (its tests mint their own key and certificate at run time).
#ifndef CAPOS_MBEDTLS_CONFIG_H_
#define CAPOS_MBEDTLS_CONFIG_H_

// System support. No file system, no sockets (the caller moves bytes
// through its own BIO callbacks), no threads.
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY  // mbedtls_calloc/free are libc calloc/free

#if defined(CAPOS_MBEDTLS_GUEST)
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#endif

// Time: session tickets (their lifetime and the key rotation) and, in the
// guest, certificate validity dates (MBEDTLS_HAVE_TIME_DATE). The guest's
// clock is the process's timer cap, installed by whoever uses TLS
// (libcaprt/mbedtls/clock.h): Unix seconds from the kernel's boot read of
// the RTC carried forward monotonically. A process without a time of day
// reads a date in 1970, so every certificate is "not yet valid" (fail
// closed), never unchecked. gmtime_r is ours (libcaprt/mbedtls/gmtime.h):
// the guest's libc has none. The host uses its libc's clock and checks
// dates too (the CLI's view of the server; the client-certificate tests'
// expired leaves).
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#if defined(CAPOS_MBEDTLS_GUEST)
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#define MBEDTLS_PLATFORM_TIME_TYPE_MACRO long long
#define MBEDTLS_PLATFORM_TIME_MACRO capos_mbedtls_time
#define MBEDTLS_PLATFORM_MS_TIME_ALT
#ifdef __cplusplus
extern "C" {
#endif
long long capos_mbedtls_time(long long* out);
#ifdef __cplusplus
}
#endif
#endif

// Hashes, MAC, KDF, random numbers.
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_ENTROPY_FORCE_SHA256  // SHA-512 proper is not built (SHA-384 is)
#define MBEDTLS_HKDF_C                // TLS 1.3 key schedule (PSA HKDF)
#define MBEDTLS_MD_C
#define MBEDTLS_PKCS5_C  // PBKDF2 password records
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C

// Ciphers: AES-GCM and ChaCha20-Poly1305 (the AEADs of the suites below).
#define MBEDTLS_AES_C
// AES rounds and GCM's carry-less multiply on the CPU's own instructions
// (AES-NI, PCLMULQDQ), chosen at run time by CPUID; without them the
// table-driven C code runs. Under TCG each table lookup is a soft-MMU
// load, so this is most of a TLS record's cost there.
#define MBEDTLS_AESNI_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_GCM_C
#define MBEDTLS_POLY1305_C

// Public keys: ECDHE and ECDSA on P-256 and P-384, X25519 for ECDHE only
// (browsers send an X25519 key share first; without it every handshake costs
// a HelloRetryRequest round trip), RSA to verify peers' and CAs'
// signatures (PKCS#1 v1.5 in certificates and TLS 1.2, PSS in TLS 1.3).
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_OID_C  // PKCS#5, X.509 and PK name algorithms by OID
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_RSA_C
// RSA-PSS signatures: without it mbedTLS offers no rsa_pss_rsae_* algorithm,
// the only RSA signatures TLS 1.3 allows in CertificateVerify.
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT

// PSA Crypto: TLS 1.3 runs its key schedule, ECDHE and hashes through it.
// Its algorithm set is derived from the options above (no
// MBEDTLS_PSA_CRYPTO_CONFIG). Every user calls psa_crypto_init() before
// PK, X.509 or TLS (USE_PSA_CRYPTO routes them through PSA).
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_PSA_KEY_STORE_DYNAMIC
// Without this, every PSA call copies its buffers first, for callers whose
// buffers another party can change mid-call (shared memory across a trust
// boundary). For each TLS record that is a calloc, a zeroing and a free of
// the whole remaining output buffer (~16 KiB): under TCG most of a small
// record's cost. No buffer we hand PSA is shared (records, keys and
// digests live in the process's own heap, data and stack; ring pages never
// reach PSA), which is the condition the option states.
#define MBEDTLS_PSA_ASSUME_EXCLUSIVE_BUFFERS
// A TLS server key held by the key service (libcaprt/mbedtls/signer_key.h):
// an opaque PK context (USE_PSA_CRYPTO) over a key registered with a
// secure-element driver (SE_C) is the one public route under 3.6's TLS 1.3
// CertificateVerify. Registered keys are persistent by PSA's design, so
// STORAGE_C is on, over an ITS in RAM (libcaprt/mbedtls/psa_its_ram.cc) that
// never holds key material. SE_C is deprecated after 3.6 (see
// docs/architecture.md, TLS).
#define MBEDTLS_USE_PSA_CRYPTO
#define MBEDTLS_PSA_CRYPTO_STORAGE_C
#define MBEDTLS_PSA_CRYPTO_SE_C

// X.509: certificate chains, parsed from DER (no PEM, no files).
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_USE_C

#if !defined(CAPOS_MBEDTLS_GUEST)
// Host only: the tests generate their keys (RSA too) and certificates.
#define MBEDTLS_GENPRIME
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CRT_WRITE_C
#define MBEDTLS_BASE64_C  // PEM certificates given to the host CLI (--ca)
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_PEM_WRITE_C  // the CLI's keygen writes its key as PEM
#endif

// TLS 1.2 and 1.3, client and server. TLS 1.2 only with ECDHE key exchange
// (forward secrecy) and the extended master secret; TLS 1.3 with ephemeral
// (EC)DHE only (no PSK, no tickets, no early data). The protocol minimum is
// TLS 1.2: mbedTLS 3 has no code for 1.0 or 1.1.
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_KEYING_MATERIAL_EXPORT  // the exporter a public-key login binds to
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE   // TLS 1.3 requires it
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE  // RFC 8446 D.4, mbedTLS's default
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
// Resumption: session tickets sealed with a key of the process's own
// (AES-256-GCM, rotated), and in TLS 1.3 only with a fresh (EC)DHE, so a
// resumed session keeps forward secrecy. A resumption needs no signature,
// so it never waits for the key service.
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_TICKET_C
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS_C
// Private-key operations through callbacks. mbedTLS 3.6 consults them for
// TLS 1.2 server signatures only; its TLS 1.3 code signs with the
// certificate's own PK context, so the key service is reached through an
// opaque key instead (above), for both versions. Kept so a test pins that
// limit (tls_async_key_test.cc) and notices when an update lifts it.
#define MBEDTLS_SSL_ASYNC_PRIVATE

// Self tests are compiled so the host test can run them on the same code.
#define MBEDTLS_SELF_TEST

#endif  // CAPOS_MBEDTLS_CONFIG_H_
