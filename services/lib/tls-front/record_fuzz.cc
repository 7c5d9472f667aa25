// Any bytes as what a client sends a TLS front end before and during the
// handshake: the record layer and the handshake parser as the services
// reach them (Channel::PutCipher, then ReadPlain), split into the pieces a
// TCP recv may deliver. The first input byte sets the split size.
#include <stddef.h>
#include <stdint.h>

#include "libcaprt/mbedtls/tls_test_pki.h"
#include "psa/crypto.h"
#include "services/lib/tls-front/channel.h"
#include "services/lib/tls-front/server_config.h"

namespace {

struct Server {
  Server() {
    ok = psa_crypto_init() == PSA_SUCCESS && rng.ok() &&
         id.Generate(tls_test::KeyKind::kEcdsaP256, "tls.test", &rng) == 0 &&
         config.Setup(id.cert(), id.key()) == 0;
  }
  tls_test::Rng rng;
  tls_test::Identity id;
  tls_front::ServerConfig config;
  bool ok = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Server server;  // key generation once, not per input
  if (!server.ok || size == 0) return 0;
  size_t piece = size_t(data[0]) * 8 + 1;
  data++, size--;
  tls_front::Channel c;
  if (c.Start(server.config.conf()) != 0) return 0;
  uint8_t plain[1024];
  while (size > 0 && c.state() == tls_front::Channel::State::kHandshake) {
    size_t n = size < piece ? size : piece;
    size_t took = c.PutCipher(data, n);
    data += took, size -= took;
    while (c.ReadPlain(plain, sizeof(plain)) > 0) {
    }
    c.CipherSent(c.CipherOutLen());
    if (took == 0) break;
  }
  return 0;
}
