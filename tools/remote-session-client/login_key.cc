// login --public-key: the client's half of schema/remote_session.capnp's
// "Public-key login". It asks this connection for a challenge, computes
// the connection's TLS exporter, signs the login message with the
// identity key and sends the proof. The proof is good for this
// connection's nonce only, so nothing here is worth replaying; the
// --save-proof / --send-proof options exist to show exactly that.
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "services/lib/login-proof/login_proof.h"
#include "tools/remote-session-client/client.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;

std::string Hex(const std::string& b) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool Unhex(const std::string& h, std::string* out) {
  if (h.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < h.size(); i += 2) {
    char* end = nullptr;
    std::string pair = h.substr(i, 2);
    long v = strtol(pair.c_str(), &end, 16);
    if (end != pair.c_str() + 2) return false;
    out->push_back(char(v));
  }
  return true;
}

// A saved proof: principal, key and signature, one per line (hex).
struct SavedProof {
  std::string principal, key, sig;
};

bool ReadProof(const std::string& path, SavedProof* p) {
  std::ifstream f(path);
  std::string key, sig;
  return std::getline(f, p->principal) && std::getline(f, key) && std::getline(f, sig) &&
         Unhex(key, &p->key) && Unhex(sig, &p->sig);
}

}  // namespace

bool Client::fill_key_login(const Step& s, rs::Login::Builder login, StepOutcome* failure) {
  login.setRequestedProfile(s.profile);
  const TlsClient* tls = conn_->tls();
  if (tls == nullptr) {
    // Without TLS there is nothing to bind a signature to: the method goes
    // out without a key or a signature, and the guest's answer (the
    // method disabled on this connection) is the truth the user sees.
    login.setPublicKey(capnp::Data::Reader());
    return true;
  }
  const std::string user = s.user.value_or(options_.user);
  SavedProof saved;
  if (!s.send_proof.empty() && !ReadProof(s.send_proof, &saved)) {
    *failure = error_outcome(s, kExitLocalIo, "cannot read the proof file");
    return false;
  }
  if (s.send_proof.empty() && user.empty()) {
    *failure =
        error_outcome(s, kExitUsage, "no user name: pass --user or set CAPOS_REMOTE_SESSION_USER");
    return false;
  }
  if (s.send_proof.empty() && identity_ == nullptr) {
    const std::string path =
        options_.identity.empty() ? default_identity_path() : options_.identity;
    std::string why = Identity::Load(path, &identity_);
    if (!why.empty()) {
      struct stat st;
      if (stat(path.c_str(), &st) != 0) why += " (make one with `remote-session-client keygen`)";
      *failure = error_outcome(s, kExitLocalIo, "identity: " + why);
      return false;
    }
  }
  // A fresh challenge even for a saved proof, so a refusal is the guest
  // judging the proof, not the lack of a nonce.
  StepOutcome o = side_request(s, Step::Kind::kChallenge, "challenge (to sign)");
  if (o.kind != StepOutcome::Kind::kOk) {
    *failure = std::move(o);
    return false;
  }
  auto nonce = o.response->getRoot<rs::Response>().asReader().getChallenge().getNonce();
  auto proof = login.initPublicKeyProof();
  if (!s.send_proof.empty()) {
    proof.setPrincipal(saved.principal);
    proof.setPublicKey(
        capnp::Data::Reader(reinterpret_cast<const uint8_t*>(saved.key.data()), saved.key.size()));
    proof.setSignature(
        capnp::Data::Reader(reinterpret_cast<const uint8_t*>(saved.sig.data()), saved.sig.size()));
    return true;
  }
  uint8_t challenge[login_proof::kChallengeBytes];
  if (nonce.size() != login_proof::kNonceBytes ||
      !tls->export_keying_material(
          o.response->getRoot<rs::Response>().asReader().getChallenge().getExporterLabel().cStr(),
          challenge + login_proof::kNonceBytes, login_proof::kBindingBytes)) {
    *failure =
        error_outcome(s, kExitProtocol, "the challenge could not be bound to this connection");
    return false;
  }
  memcpy(challenge, nonce.begin(), login_proof::kNonceBytes);
  std::string sig;
  std::string why = identity_->Sign(user, challenge, &sig);
  if (!why.empty()) {
    *failure = error_outcome(s, kExitUsage, why);
    return false;
  }
  proof.setPrincipal(user);
  const std::string& key = identity_->point();
  proof.setPublicKey(capnp::Data::Reader(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
  proof.setSignature(capnp::Data::Reader(reinterpret_cast<const uint8_t*>(sig.data()), sig.size()));
  if (!s.save_proof.empty()) {
    std::ofstream f(s.save_proof, std::ios::trunc);
    f << user << "\n" << Hex(key) << "\n" << Hex(sig) << "\n";
    if (!f.good()) {
      *failure = error_outcome(s, kExitLocalIo, "cannot write the proof file");
      return false;
    }
  }
  return true;
}

}  // namespace rsclient
