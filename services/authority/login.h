// Login adapters (password, guest, anonymous) and their decision. Pure
// policy: no IPC, no session minting. The service mints a session cell and a
// UserSession only from an allowed Decision; a denied Decision carries no
// account, no profile and nothing that could become a session.
//
// Every denial looks the same to the caller (CallerResult::kAuthDenied, or
// kBackoff while a backoff is active); the precise DenyReason goes only to
// the audit record.
#ifndef SERVICES_AUTHORITY_LOGIN_H_
#define SERVICES_AUTHORITY_LOGIN_H_

#include <stdint.h>

#include "services/authority/text.h"

#include "services/authority/audit.h"
#include "services/authority/backoff.h"
#include "services/authority/policy.h"
#include "services/lib/client-cert/client_cert.h"
#include "services/lib/login-proof/login_proof.h"
#include "services/lib/password-record/password_record.h"

namespace authority {

struct LoginRequest {
  AuthMethod method = AuthMethod::kPassword;
  Str principal;           // password: required; guest: default "guest";
                           // anonymous: ignored, always "anonymous"
  Str secret;              // the password, or publicKey's DER signature;
                           // never stored or logged
  Str requested_profile;   // empty: the account's first profile
  uint64_t source_id = 0;  // from the gateway, never the client
  uint64_t connection_event = 0;
  // publicKey only: the key that signed (it must be one of the account's
  // authorizedKeys) and the connection's challenge, nonce then TLS
  // exporter (login_proof.h; from the gateway, empty without one).
  const uint8_t* public_key = nullptr;
  size_t public_key_len = 0;
  const uint8_t* challenge = nullptr;
  size_t challenge_len = 0;
  // publicKey only: the leaf certificate of the connection's TLS
  // handshake (from the front end, empty without one). A key the account
  // does not list is accepted when this certificate, checked here against
  // the policy's client CAs, names the principal and holds that key.
  const uint8_t* client_cert = nullptr;
  size_t client_cert_len = 0;
};

enum class CallerResult : uint8_t { kOk, kAuthDenied, kBackoff };

class Decision {
 public:
  bool allowed() const { return caller_ == CallerResult::kOk; }
  CallerResult caller() const { return caller_; }
  uint64_t retry_after_ns() const { return retry_after_ns_; }
  // Non-null only when allowed().
  const Account* account() const { return account_; }
  const Profile* profile() const { return profile_; }
  const AuditRecord& audit() const { return audit_; }

 private:
  friend class Authenticator;
  CallerResult caller_ = CallerResult::kAuthDenied;
  uint64_t retry_after_ns_ = 0;
  const Account* account_ = nullptr;
  const Profile* profile_ = nullptr;
  AuditRecord audit_;
};

// Checks a password against a record: pwrecord::verify, or in tests a
// wrapper that observes which record (and so which cost) was run.
using VerifyFn = bool (*)(const char* password, size_t len, const pwrecord::PasswordRecord& r);

class Authenticator {
 public:
  // `policy` must outlive this object.
  explicit Authenticator(const Policy& policy, VerifyFn verify = pwrecord::verify);

  // Judges one login at `now_ns`. Failures feed the backoff; a success
  // clears the principal's count. Each call gets the next audit event id.
  Decision login(const LoginRequest& req, uint64_t now_ns);

  // The manifest's client CAs and deny list (certificate logins); none
  // until set, and then a certificate proves nothing.
  void set_client_certs(client_cert::Policy* certs) { certs_ = certs; }

  const Backoff& backoff() const { return backoff_; }
  // Audit event ids are shared by logins and the service's other events.
  uint64_t next_event() { return next_event_++; }

 private:
  DenyReason judge(const LoginRequest& req, Str principal, const Account** account,
                   const Profile** profile) const;
  DenyReason prove(const LoginRequest& req, Str principal, const Account* a) const;

  const Policy& policy_;
  VerifyFn verify_;
  client_cert::Policy* certs_ = nullptr;
  Backoff backoff_;
  uint64_t next_event_ = 1;
};

// The principal classes an adapter admits.
bool adapter_admits(AuthMethod method, PrincipalClass cls);

}  // namespace authority

#endif  // SERVICES_AUTHORITY_LOGIN_H_
