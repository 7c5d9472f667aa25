// mbedTLS's own known-answer self tests (MBEDTLS_SELF_TEST) for every
// primitive the project config enables, run on the host build of the same
// sources and config the guest uses.
#include <gtest/gtest.h>

#include "mbedtls/aes.h"
#include "mbedtls/bignum.h"
#include "mbedtls/build_info.h"
#include "mbedtls/chacha20.h"
#include "mbedtls/chachapoly.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/ecp.h"
#include "mbedtls/entropy.h"
#include "mbedtls/gcm.h"
#include "mbedtls/poly1305.h"
#include "mbedtls/rsa.h"
#include "mbedtls/sha256.h"
#include "mbedtls/sha512.h"

namespace {

// The build is written against the 3.6 LTS line (cmake/mbedtls.cmake checks
// the tree too).
static_assert(MBEDTLS_VERSION_MAJOR == 3 && MBEDTLS_VERSION_MINOR == 6);

struct SelfTest {
  const char* name;
  int (*run)(int verbose);
};

const SelfTest kSelfTests[] = {
    {"aes", mbedtls_aes_self_test},
    {"gcm", mbedtls_gcm_self_test},
    {"chacha20", mbedtls_chacha20_self_test},
    {"poly1305", mbedtls_poly1305_self_test},
    {"chachapoly", mbedtls_chachapoly_self_test},
    {"sha256", mbedtls_sha256_self_test},
    {"sha384", mbedtls_sha384_self_test},
    {"ctr_drbg", mbedtls_ctr_drbg_self_test},
    {"entropy", mbedtls_entropy_self_test},
    {"bignum", mbedtls_mpi_self_test},
    {"ecp", mbedtls_ecp_self_test},
    {"rsa", mbedtls_rsa_self_test},
};

TEST(MbedtlsSelfTest, EveryConfiguredPrimitivePasses) {
  for (const SelfTest& t : kSelfTests) EXPECT_EQ(t.run(0), 0) << t.name;
}

}  // namespace
