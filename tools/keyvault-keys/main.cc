// keyvault-keys -o OUT.bin [--certs DIR] [--import NAME=KEY:CERT[:CHAIN...]]...
//               [NAME=CN ...]
//
// Writes keyvault's boot resource (KeyvaultKeys, schema/keyvault.capnp) for
// a test or development image: per NAME a fresh ECDSA P-256 key and a
// self-signed certificate for CN (CA:TRUE, so a client can trust it as its
// own anchor). Keys are made at image build time and never committed; the
// file is written mode 0600. NAME is the keyvault grant that will serve the
// key. --custody FILE also writes a test image's CustodyCheck (custody.h).
// --import takes a key made elsewhere instead (tools/dev-pki), with
// its certificate and chain (import.h). With --certs, each leaf
// certificate (public) is also written to DIR/NAME.der, for the clients
// that are to trust it.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <capnp/message.h>
#include <capnp/serialize.h>

#include "libcaprt/mbedtls/tls_test_pki.h"
#include "mbedtls/ecp.h"
#include "mbedtls/platform_util.h"
#include "psa/crypto.h"
#include "schema/keyvault.capnp.h"
#include "tools/keyvault-keys/custody.h"
#include "tools/keyvault-keys/import.h"

namespace {

int Usage() {
  fprintf(stderr,
          "usage: keyvault-keys -o OUT.bin [--certs DIR] [--custody FILE] "
          "[--import NAME=KEY:CERT[:CHAIN...]]... "
          "[NAME=CN ...]\n");
  return 2;
}

}  // namespace

bool WriteFile(const std::string& path, const void* data, size_t len, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  const bool ok = fd >= 0 && write(fd, data, len) == static_cast<ssize_t>(len);
  if (fd >= 0) close(fd);
  if (!ok) fprintf(stderr, "keyvault-keys: cannot write %s\n", path.c_str());
  return ok;
}

int main(int argc, char** argv) {
  const char* out = nullptr;
  const char* certs = nullptr;
  const char* custody = nullptr;
  std::vector<std::pair<std::string, std::string>> specs;
  std::vector<std::pair<std::string, std::string>> imports;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) {
      out = argv[++i];
    } else if (a == "--certs" && i + 1 < argc) {
      certs = argv[++i];
    } else if (a == "--custody" && i + 1 < argc) {
      custody = argv[++i];
    } else if (a == "--import" && i + 1 < argc) {
      const std::string v = argv[++i];
      const size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) return Usage();
      imports.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else if (const size_t eq = a.find('='); eq != std::string::npos && eq > 0) {
      specs.emplace_back(a.substr(0, eq), a.substr(eq + 1));
    } else {
      return Usage();
    }
  }
  if (out == nullptr || specs.size() + imports.size() == 0) return Usage();
  // The config routes PK and X.509 through PSA (MBEDTLS_USE_PSA_CRYPTO).
  tls_test::Rng rng;
  if (psa_crypto_init() != PSA_SUCCESS || !rng.ok()) {
    fprintf(stderr, "keyvault-keys: no crypto\n");
    return 1;
  }

  capnp::MallocMessageBuilder b;
  auto keys = b.initRoot<capos::schema::KeyvaultKeys>().initKeys(specs.size() + imports.size());
  for (size_t k = 0; k < imports.size(); ++k) {
    auto key = keys[specs.size() + k];
    key.setName(imports[k].first);
    mbedtls_x509_crt leaf;
    mbedtls_x509_crt_init(&leaf);
    const std::string why =
        keyvault_keys::Import(imports[k].second, key, &leaf, tls_test::Rng::Random, &rng);
    const bool ok = why.empty() && (certs == nullptr ||
                                    WriteFile(std::string(certs) + "/" + imports[k].first + ".der",
                                              leaf.raw.p, leaf.raw.len, 0644));
    mbedtls_x509_crt_free(&leaf);
    if (!why.empty())
      fprintf(stderr, "keyvault-keys: %s: %s\n", imports[k].first.c_str(), why.c_str());
    if (!ok) return 1;
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    tls_test::Identity id;
    unsigned char d[32];
    size_t d_len = 0;
    if (id.Generate(tls_test::KeyKind::kEcdsaP256, specs[i].second.c_str(), &rng) != 0 ||
        mbedtls_ecp_write_key_ext(mbedtls_pk_ec(*id.key()), &d_len, d, sizeof(d)) != 0) {
      fprintf(stderr, "keyvault-keys: %s: key or certificate generation failed\n",
              specs[i].first.c_str());
      return 1;
    }
    keys[i].setName(specs[i].first);
    keys[i].setType(capos::schema::Signer::KeyType::ECDSA_P256);
    keys[i].setPrivateKey(capnp::Data::Reader(d, d_len));
    mbedtls_platform_zeroize(d, sizeof(d));
    keys[i].initCertificateChain(1).set(0,
                                        capnp::Data::Reader(id.cert()->raw.p, id.cert()->raw.len));
    if (certs != nullptr && !WriteFile(std::string(certs) + "/" + specs[i].first + ".der",
                                       id.cert()->raw.p, id.cert()->raw.len, 0644)) {
      return 1;
    }
  }
  auto words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  if (custody != nullptr) {
    const std::string why = keyvault_keys::WriteCustody(
        custody, b.getRoot<capos::schema::KeyvaultKeys>().asReader(), tls_test::Rng::Random, &rng);
    if (!why.empty()) {
      fprintf(stderr, "keyvault-keys: --custody: %s\n", why.c_str());
      return 1;
    }
  }
  return WriteFile(out, bytes.begin(), bytes.size(), 0600) ? 0 : 1;
}
