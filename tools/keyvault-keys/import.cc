#include "tools/keyvault-keys/import.h"

#include <fstream>
#include <iterator>

#include "mbedtls/ecp.h"
#include "mbedtls/pk.h"
#include "mbedtls/platform_util.h"

namespace keyvault_keys {
namespace {

// The file's bytes with a NUL after them (PEM parses as a C string; DER
// is given its exact length).
bool Read(const std::string& path, std::vector<unsigned char>* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  out->push_back(0);
  return out->size() > 1;
}

size_t ParseLen(const std::vector<unsigned char>& bytes) {
  return bytes[0] == 0x30 ? bytes.size() - 1 : bytes.size();  // DER: without the NUL
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> parts;
  size_t from = 0;
  for (size_t colon; (colon = s.find(':', from)) != std::string::npos; from = colon + 1) {
    parts.push_back(s.substr(from, colon - from));
  }
  parts.push_back(s.substr(from));
  return parts;
}

}  // namespace

std::string Import(const std::string& files, capos::schema::KeyvaultKeys::Key::Builder key,
                   mbedtls_x509_crt* leaf, int (*rng)(void*, unsigned char*, size_t),
                   void* rng_ctx) {
  std::vector<std::string> paths = Split(files);
  if (paths.size() < 2 || paths[0].empty() || paths[1].empty()) {
    return "--import wants KEY:CERT[:CHAIN...]";
  }
  std::vector<unsigned char> bytes;
  if (!Read(paths[0], &bytes)) return "cannot read the key " + paths[0];
  mbedtls_pk_context pk;
  mbedtls_pk_init(&pk);
  int ret = mbedtls_pk_parse_key(&pk, bytes.data(), ParseLen(bytes), nullptr, 0, rng, rng_ctx);
  mbedtls_platform_zeroize(bytes.data(), bytes.size());
  std::string why;
  unsigned char d[32];
  size_t d_len = 0;
  if (ret != 0) {
    why = paths[0] + " is not a private key (PEM or DER)";
  } else if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY ||
             mbedtls_pk_ec(pk)->MBEDTLS_PRIVATE(grp).id != MBEDTLS_ECP_DP_SECP256R1) {
    why = paths[0] + " is not an ECDSA P-256 key";
  } else if (mbedtls_ecp_write_key_ext(mbedtls_pk_ec(pk), &d_len, d, sizeof(d)) != 0) {
    why = paths[0] + ": cannot export its scalar";
  }
  std::vector<std::vector<unsigned char>> chain;
  for (size_t i = 1; why.empty() && i < paths.size(); ++i) {
    mbedtls_x509_crt one;
    mbedtls_x509_crt_init(&one);
    if (!Read(paths[i], &bytes) || mbedtls_x509_crt_parse(&one, bytes.data(), ParseLen(bytes))) {
      why = paths[i] + " holds no certificate (PEM or DER)";
    } else {
      // A file may hold several certificates; each becomes a link.
      for (const mbedtls_x509_crt* c = &one; c != nullptr && c->raw.len != 0; c = c->next) {
        chain.emplace_back(c->raw.p, c->raw.p + c->raw.len);
      }
    }
    mbedtls_x509_crt_free(&one);
  }
  if (why.empty() && (mbedtls_x509_crt_parse_der(leaf, chain[0].data(), chain[0].size()) != 0 ||
                      mbedtls_pk_check_pair(&leaf->pk, &pk, rng, rng_ctx) != 0)) {
    why = paths[1] + " does not certify the key in " + paths[0];
  }
  mbedtls_pk_free(&pk);
  if (!why.empty()) {
    mbedtls_platform_zeroize(d, sizeof(d));
    return why;
  }
  key.setType(capos::schema::Signer::KeyType::ECDSA_P256);
  key.setPrivateKey(capnp::Data::Reader(d, d_len));
  mbedtls_platform_zeroize(d, sizeof(d));
  auto list = key.initCertificateChain(chain.size());
  for (size_t i = 0; i < chain.size(); ++i) {
    list.set(i, capnp::Data::Reader(chain[i].data(), chain[i].size()));
  }
  return "";
}

}  // namespace keyvault_keys
