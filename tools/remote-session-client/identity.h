// The CLI's login key (--identity FILE) and `keygen`: an ECDSA P-256 key in
// a PEM file (SEC1 "EC PRIVATE KEY", or PKCS#8 "PRIVATE KEY" as openssl
// writes it), whose public half goes into an account's authorizedKeys as
// an OpenSSH-style line: "ecdsa-sha2-nistp256 <base64> <comment>".
#ifndef TOOLS_REMOTE_SESSION_CLIENT_IDENTITY_H_
#define TOOLS_REMOTE_SESSION_CLIENT_IDENTITY_H_

#include <cstdint>
#include <memory>
#include <string>

namespace rsclient {

class Identity {
 public:
  ~Identity();
  // Reads and checks the key file: "" and *out set, or a message for a
  // person (missing file, not a key, not P-256, readable by others).
  static std::string Load(const std::string& path, std::unique_ptr<Identity>* out);

  // The public key as the guest matches it: an uncompressed point (65 B).
  const std::string& point() const { return point_; }
  // A DER ECDSA signature of the login message (login_proof.h) for
  // `principal` over `challenge` (nonce then TLS exporter, 64 bytes).
  std::string Sign(const std::string& principal, const uint8_t* challenge, std::string* sig);

 private:
  friend std::string Keygen(const std::string& path, const std::string& comment, std::string* line);
  Identity();
  struct State;
  std::unique_ptr<State> s_;
  std::string point_;
};

// Where --identity and keygen default to: ~/.config/capos/identity.
std::string default_identity_path();

// The authorizedKeys line for a point.
std::string AuthorizedKeyLine(const std::string& point, const std::string& comment);

// `keygen`: a new key written to `path` (mode 0600, never over an existing
// file) and its authorizedKeys line to `path`.pub; *line gets the line.
// "" on success, else a message for a person.
std::string Keygen(const std::string& path, const std::string& comment, std::string* line);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_IDENTITY_H_
