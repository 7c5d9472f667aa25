#include "tools/remote-session-client/identity.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "mbedtls/base64.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/pk.h"
#include "psa/crypto.h"
#include "services/lib/login-proof/login_proof.h"

namespace rsclient {

struct Identity::State {
  State() {
    mbedtls_pk_init(&pk);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
  }
  ~State() {
    mbedtls_pk_free(&pk);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  bool Seed() {
    static const char kPers[] = "capos-identity";
    return psa_crypto_init() == PSA_SUCCESS &&
           mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
                                 reinterpret_cast<const unsigned char*>(kPers),
                                 sizeof(kPers) - 1) == 0;
  }
  mbedtls_pk_context pk;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
};

namespace {

// The point of a P-256 key, or "".
std::string PointOf(mbedtls_pk_context& pk) {
  if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY ||
      mbedtls_ecp_keypair_get_group_id(mbedtls_pk_ec(pk)) != MBEDTLS_ECP_DP_SECP256R1) {
    return "";
  }
  unsigned char buf[login_proof::kPointBytes];
  size_t n = 0;
  if (mbedtls_ecp_write_public_key(mbedtls_pk_ec(pk), MBEDTLS_ECP_PF_UNCOMPRESSED, &n, buf,
                                   sizeof(buf)) != 0 ||
      n != sizeof(buf)) {
    return "";
  }
  return std::string(reinterpret_cast<char*>(buf), n);
}

void PutString(std::string* out, const std::string& s) {
  const uint32_t n = static_cast<uint32_t>(s.size());
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(char((n >> shift) & 0xff));
  *out += s;
}

}  // namespace

Identity::Identity() : s_(std::make_unique<State>()) {}
Identity::~Identity() = default;

std::string Identity::Load(const std::string& path, std::unique_ptr<Identity>* out) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return path + ": " + std::strerror(errno);
  // As ssh does: a key others can read is refused, not used.
  if ((st.st_mode & 077) != 0) {
    return path + ": readable by others; run `chmod 600 " + path + "` first";
  }
  std::ifstream f(path, std::ios::binary);
  std::stringstream text;
  text << f.rdbuf();
  std::string pem = text.str();
  std::unique_ptr<Identity> id(new Identity());
  if (!id->s_->Seed()) return "no random source for signing";
  int rc = mbedtls_pk_parse_key(&id->s_->pk, reinterpret_cast<const unsigned char*>(pem.c_str()),
                                pem.size() + 1, nullptr, 0, mbedtls_ctr_drbg_random, &id->s_->drbg);
  std::fill(pem.begin(), pem.end(), '\0');
  if (rc != 0) return path + ": not an unencrypted PEM private key";
  id->point_ = PointOf(id->s_->pk);
  if (id->point_.empty()) return path + ": not an ECDSA P-256 key";
  *out = std::move(id);
  return "";
}

std::string Identity::Sign(const std::string& principal, const uint8_t* challenge,
                           std::string* sig) {
  uint8_t hash[32];
  if (!login_proof::Digest(principal.data(), principal.size(), challenge, hash)) {
    return "principal too long to sign for";
  }
  unsigned char out[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
  size_t n = 0;
  if (mbedtls_pk_sign(&s_->pk, MBEDTLS_MD_SHA256, hash, sizeof(hash), out, sizeof(out), &n,
                      mbedtls_ctr_drbg_random, &s_->drbg) != 0 ||
      n > login_proof::kMaxSignatureBytes) {
    return "signing failed";
  }
  sig->assign(reinterpret_cast<char*>(out), n);
  return "";
}

std::string default_identity_path() {
  const char* home = getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.config/capos/identity";
}

std::string AuthorizedKeyLine(const std::string& point, const std::string& comment) {
  std::string blob;
  PutString(&blob, "ecdsa-sha2-nistp256");
  PutString(&blob, "nistp256");
  PutString(&blob, point);
  unsigned char b64[256];
  size_t n = 0;
  mbedtls_base64_encode(b64, sizeof(b64), &n, reinterpret_cast<const unsigned char*>(blob.data()),
                        blob.size());
  std::string line = "ecdsa-sha2-nistp256 " + std::string(reinterpret_cast<char*>(b64), n);
  if (!comment.empty()) line += " " + comment;
  return line;
}

std::string Keygen(const std::string& path, const std::string& comment, std::string* line) {
  Identity id;
  Identity::State& s = *id.s_;
  if (!s.Seed()) return "no random source";
  if (mbedtls_pk_setup(&s.pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0 ||
      mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(s.pk), mbedtls_ctr_drbg_random,
                          &s.drbg) != 0) {
    return "key generation failed";
  }
  unsigned char pem[1024];
  if (mbedtls_pk_write_key_pem(&s.pk, pem, sizeof(pem)) != 0) return "could not encode the key";
  const std::string point = PointOf(s.pk);
  *line = AuthorizedKeyLine(point, comment);
  // O_EXCL: an existing key is never overwritten (it may be the only copy).
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    std::string why = path + ": " + std::strerror(errno);
    memset(pem, 0, sizeof(pem));
    return why;
  }
  const size_t len = strlen(reinterpret_cast<char*>(pem));
  bool ok = write(fd, pem, len) == static_cast<ssize_t>(len);
  ok = close(fd) == 0 && ok;
  memset(pem, 0, sizeof(pem));
  if (!ok) return path + ": write failed";
  std::ofstream pub(path + ".pub");
  pub << *line << "\n";
  if (!pub.good()) return path + ".pub: write failed";
  return "";
}

}  // namespace rsclient
