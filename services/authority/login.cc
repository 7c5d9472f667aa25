#include "services/authority/login.h"

#include <string.h>

#include "services/lib/password-record/password_record.h"

namespace authority {
namespace {

// The record verified when the principal is unknown or has no password, so
// a password denial costs one PBKDF2 whatever the reason. Its cost is the
// policy's, which every real record has too (Policy::add_account), so the
// time does not tell whether the account exists. Its all-zero hash matches
// no password in practice.
pwrecord::PasswordRecord dummy_record(uint32_t iterations) {
  pwrecord::PasswordRecord r;
  r.iterations = iterations;
  r.salt_len = pwrecord::kDefaultSalt;
  r.hash_len = pwrecord::kDefaultHash;
  return r;
}

bool valid_name(Str s) {
  Name n;
  return n.set(s);
}

bool valid_input(Str s, size_t max) {
  if (s.size() > max) return false;
  for (char c : s) {
    if (c == '\0') return false;
  }
  return true;
}

DenyReason cert_reason(client_cert::Verdict v) {
  switch (v) {
    case client_cert::Verdict::kOk:
      return DenyReason::kNone;
    case client_cert::Verdict::kExpired:
    case client_cert::Verdict::kNotYetValid:
      return DenyReason::kCertExpired;
    case client_cert::Verdict::kRevoked:
      return DenyReason::kCertRevoked;
    case client_cert::Verdict::kSubjectMismatch:
    case client_cert::Verdict::kKeyMismatch:
      return DenyReason::kCertNotForLogin;
    default:
      return DenyReason::kCertNotTrusted;
  }
}

}  // namespace

bool adapter_admits(AuthMethod method, PrincipalClass cls) {
  switch (method) {
    case AuthMethod::kPassword:
    case AuthMethod::kPublicKey:
      return cls == PrincipalClass::kUser || cls == PrincipalClass::kOperator ||
             cls == PrincipalClass::kService;
    case AuthMethod::kGuest:
      return cls == PrincipalClass::kGuest;
    case AuthMethod::kAnonymous:
      return cls == PrincipalClass::kAnonymous;
  }
  return false;
}

Authenticator::Authenticator(const Policy& policy, VerifyFn verify)
    : policy_(policy), verify_(verify) {}

DenyReason Authenticator::judge(const LoginRequest& req, Str principal, const Account** account,
                                const Profile** profile) const {
  const Account* a = policy_.find_account(principal);
  DenyReason proof = prove(req, principal, a);
  if (proof != DenyReason::kNone) return proof;
  // Guest/anonymous have no secret: admitting the account's class is their
  // proof, so "failed proof" for them is a class the adapter does not admit.
  if (!adapter_admits(req.method, a->cls)) return DenyReason::kMethodNotForClass;
  switch (a->state) {
    case AccountState::kActive:
      break;
    case AccountState::kDisabled:
      return DenyReason::kAccountDisabled;
    case AccountState::kLocked:
      return DenyReason::kAccountLocked;
    case AccountState::kRecoveryOnly:
      return DenyReason::kAccountRecoveryOnly;
  }
  Str want = req.requested_profile;
  if (want.empty()) {
    if (a->profile_count == 0) return DenyReason::kProfileMissing;
    want = a->profiles[0].view();
  }
  if (!a->allows(want)) return DenyReason::kProfileNotAllowed;
  const Profile* p = policy_.find_profile(want);
  if (p == nullptr) return DenyReason::kProfileMissing;
  if (p->retired) return DenyReason::kProfileRetired;
  if (p->suits != a->cls || !adapter_admits(req.method, p->suits)) {
    return DenyReason::kProfileClassMismatch;
  }
  *account = a;
  *profile = p;
  return DenyReason::kNone;
}

DenyReason Authenticator::prove(const LoginRequest& req, Str principal, const Account* a) const {
  if (req.method == AuthMethod::kPassword) {
    // The proof is checked first and always costs one PBKDF2.
    pwrecord::PasswordRecord rec;
    const bool has_record = a != nullptr && a->record[0] != '\0' &&
                            pwrecord::parse_record(a->record, strlen(a->record), &rec);
    if (!has_record) rec = dummy_record(policy_.password_iterations());
    const bool proof = verify_(req.secret.data(), req.secret.size(), rec);
    if (a == nullptr) return DenyReason::kUnknownPrincipal;
    if (!has_record) return DenyReason::kNoPasswordSet;
    if (!proof) return DenyReason::kBadPassword;
    return DenyReason::kNone;
  }
  if (req.method == AuthMethod::kPublicKey) {
    if (req.challenge_len != login_proof::kChallengeBytes) return DenyReason::kNoChallenge;
    if (req.public_key_len != login_proof::kPointBytes) return DenyReason::kMalformed;
    // The signature is checked with the key the client presented, before
    // anything about the account: one verification, whether or not the
    // account exists or authorizes that key.
    const bool proof =
        login_proof::Verify(req.public_key, principal.data(), principal.size(), req.challenge,
                            reinterpret_cast<const uint8_t*>(req.secret.data()), req.secret.size());
    if (a == nullptr) return DenyReason::kUnknownPrincipal;
    if (!a->authorizes(req.public_key, req.public_key_len)) {
      if (req.client_cert_len == 0 || certs_ == nullptr) return DenyReason::kKeyNotAuthorized;
      DenyReason cert =
          cert_reason(certs_->CheckLogin(req.client_cert, req.client_cert_len, principal.data(),
                                         principal.size(), req.public_key));
      if (cert != DenyReason::kNone) return cert;
    }
    if (!proof) return DenyReason::kBadSignature;
    return DenyReason::kNone;
  }
  return a == nullptr ? DenyReason::kUnknownPrincipal : DenyReason::kNone;
}

Decision Authenticator::login(const LoginRequest& req, uint64_t now_ns) {
  Decision d;
  Str principal = req.principal;
  if (req.method == AuthMethod::kAnonymous) principal = "anonymous";
  if (req.method == AuthMethod::kGuest && principal.empty()) principal = "guest";

  AuditRecord& au = d.audit_;
  au.event_id = next_event_++;
  au.time_ns = now_ns;
  au.method = req.method;
  au.source_id = req.source_id;
  au.connection_event = req.connection_event;
  audit_copy(au.principal, principal);
  audit_copy(au.profile, req.requested_profile);

  // Backoff is keyed by principal only for real accounts (see backoff.h).
  const bool known = policy_.find_account(principal) != nullptr;
  const Str key = known ? principal : Str();
  const uint64_t wait = backoff_.blocked_for(key, now_ns);
  if (wait != 0) {
    au.reason = DenyReason::kBackoff;
    d.caller_ = CallerResult::kBackoff;
    d.retry_after_ns_ = wait;
    return d;
  }

  DenyReason reason = DenyReason::kMalformed;
  const Account* account = nullptr;
  const Profile* profile = nullptr;
  const bool secret_ok = req.method == AuthMethod::kPublicKey
                             ? req.secret.size() <= login_proof::kMaxSignatureBytes
                             : valid_input(req.secret, pwrecord::kMaxPassword);
  if (valid_name(principal) && secret_ok &&
      (req.requested_profile.empty() || valid_name(req.requested_profile))) {
    reason = judge(req, principal, &account, &profile);
  }
  au.reason = reason;
  if (reason != DenyReason::kNone) {
    backoff_.record_failure(key, req.source_id, now_ns);
    return d;  // caller_ stays kAuthDenied, no account, no profile
  }
  backoff_.record_success(key);
  au.what = AuditEvent::kLoginOk;
  audit_copy(au.profile, profile->name.view());
  d.caller_ = CallerResult::kOk;
  d.account_ = account;
  d.profile_ = profile;
  return d;
}

}  // namespace authority
