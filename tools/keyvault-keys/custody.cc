#include "tools/keyvault-keys/custody.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include <capnp/message.h>
#include <capnp/serialize.h>

#include "mbedtls/platform_util.h"
#include "psa/crypto.h"

namespace keyvault_keys {
namespace {

constexpr size_t kCanaryBytes = 32;

void Print(const std::vector<unsigned char>& pattern, uint64_t* prefix, unsigned char* digest) {
  memcpy(prefix, pattern.data(), sizeof(*prefix));  // x86-64: a little-endian load
  size_t len = 0;
  psa_hash_compute(PSA_ALG_SHA_256, pattern.data(), pattern.size(), digest, 32, &len);
}

}  // namespace

std::string WriteCustody(const std::string& path, capos::schema::KeyvaultKeys::Reader keys,
                         int (*rng)(void*, unsigned char*, size_t), void* rng_ctx) {
  capnp::MallocMessageBuilder b;
  auto check = b.initRoot<capos::schema::CustodyCheck>();
  auto prints = check.initKeys(keys.getKeys().size());
  for (unsigned i = 0; i < keys.getKeys().size(); ++i) {
    auto key = keys.getKeys()[i];
    auto d = key.getPrivateKey();
    if (d.size() < 8) return "key " + std::string(key.getName().cStr()) + " is too short";
    std::vector<unsigned char> be(d.begin(), d.end());
    std::vector<unsigned char> le(be.rbegin(), be.rend());
    auto print = prints[i];
    print.setName(key.getName());
    print.setLength(static_cast<uint32_t>(be.size()));
    auto prefixes = print.initPrefixes(2);
    auto digests = print.initDigests(2);
    int n = 0;
    for (auto* pattern : {&be, &le}) {
      uint64_t prefix = 0;
      unsigned char digest[32];
      Print(*pattern, &prefix, digest);
      prefixes.set(n, prefix);
      digests.set(n, capnp::Data::Reader(digest, sizeof(digest)));
      mbedtls_platform_zeroize(pattern->data(), pattern->size());
      ++n;
    }
  }
  unsigned char canary[kCanaryBytes];
  if (rng(rng_ctx, canary, sizeof(canary)) != 0) return "no random canary";
  check.setCanary(capnp::Data::Reader(canary, sizeof(canary)));
  auto words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const bool ok = fd >= 0 && write(fd, bytes.begin(), bytes.size()) == ssize_t(bytes.size());
  if (fd >= 0) close(fd);
  return ok ? "" : "cannot write " + path;
}

}  // namespace keyvault_keys
