#include "services/authority/service.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/authority.capnp.layout.h"
#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "schema/authority.capnp.h"
#include "services/authority/broker.h"
#include "services/authority/catalog_wire.h"
#include "services/lib/password-record/password_record.h"

namespace authority {
namespace {

namespace L = capos::layout;
namespace S = capos::schema;

// Auth strength stored in the kernel cell (disclosed to servers that may see
// it), the scale services/chat-server reads: 0 none (guest, anonymous),
// 1 password, 2 strong (public key, later).
uint8_t StrengthOf(AuthMethod m) {
  // A key proof is held to be stronger than a password (phishing-proof:
  // the signature is bound to the TLS connection).
  return m == AuthMethod::kPublicKey ? 2 : m == AuthMethod::kPassword ? 1 : 0;
}

capnp::Text::Reader T(Str s) {
  return capnp::Text::Reader(s.data(), s.size());
}

void Encode(capnp::MessageBuilder& b, uint8_t* out, uint32_t cap, caprt::Answer* a) {
  caprt::EncodeResult e = caprt::EncodeMessage(b, out, cap);
  a->status = e.error;
  a->len = e.error == abi::Error::kOk ? static_cast<uint32_t>(e.length) : 0;
}

// Copies a received text into dst; a text longer than dst_cap - 1 is cut to
// dst_cap - 1 bytes, which is still longer than any bound the core accepts,
// so the core refuses it as malformed.
Str CopyIn(const char* p, size_t n, char* dst, size_t dst_cap) {
  const size_t m = n < dst_cap - 1 ? n : dst_cap - 1;
  memcpy(dst, p, m);
  dst[m] = '\0';
  return Str(dst, m);
}

void FillSummary(const SessionRecord& r, S::SessionSummary::Builder s) {
  s.setPrincipal(T(r.principal.view()));
  s.setPrincipalClass(static_cast<S::PrincipalClass>(r.cls));
  s.setProfile(T(r.profile.view()));
  s.setAuthMethod(static_cast<S::AuthMethod>(r.method));
  s.setLoggedInNs(r.login_ns);
  s.setLive(r.live);
}

}  // namespace

Service::Service(const Policy& policy, const Catalog& catalog, const ServiceCaps& caps)
    : policy_(policy), catalog_(catalog), caps_(caps), auth_(policy) {}

uint64_t Service::Now() {
  caprt::Result<uint64_t> t = caps_.timer.Now();
  return t.ok() ? t.value() : 0;
}

void Service::Audit(const AuditRecord& r) {
  char line[384];
  format_audit(r, line, sizeof(line));
  // format_audit starts with "audit "; the log line reads "audit: event=...".
  const char* body = strncmp(line, "audit ", 6) == 0 ? line + 6 : line;
  caps_.console.Printf("audit: %s\n", body);
}

void Service::Login(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap, caprt::Answer* a) {
  static char principal[kNameMax + 2], secret[pwrecord::kMaxPassword + 2], profile[kNameMax + 2];
  static uint8_t key[kKeyBytes + 1], challenge[login_proof::kChallengeBytes + 1];
  static uint8_t cert[client_cert::kMaxCertBytes + 1];
  LoginRequest req;
  caprt::DecodeResult d = caprt::Decode<S::SessionManager::LoginParams>(
      in.params, in.params_len, [&](S::SessionManager::LoginParams::Reader p) {
        const uint16_t m = static_cast<uint16_t>(p.getMethod());
        req.method = m <= 3 ? static_cast<AuthMethod>(m) : AuthMethod::kPassword;
        auto pr = p.getPrincipal();
        auto se = p.getSecret();
        auto rp = p.getRequestedProfile();
        req.principal = CopyIn(pr.begin(), pr.size(), principal, sizeof(principal));
        req.secret =
            CopyIn(reinterpret_cast<const char*>(se.begin()), se.size(), secret, sizeof(secret));
        req.requested_profile = CopyIn(rp.begin(), rp.size(), profile, sizeof(profile));
        req.source_id = p.getSource().getSourceId();
        req.connection_event = p.getSource().getConnectionEvent();
        // Over-long ones keep one byte too many, so the size checks refuse them.
        auto pk = p.getPublicKey();
        auto ch = p.getSource().getChallenge();
        req.public_key_len = pk.size() < sizeof(key) ? pk.size() : sizeof(key);
        memcpy(key, pk.begin(), req.public_key_len);
        req.public_key = key;
        req.challenge_len = ch.size() < sizeof(challenge) ? ch.size() : sizeof(challenge);
        memcpy(challenge, ch.begin(), req.challenge_len);
        req.challenge = challenge;
        auto cc = p.getSource().getClientCertificate();
        req.client_cert_len = cc.size() < sizeof(cert) ? cc.size() : sizeof(cert);
        memcpy(cert, cc.begin(), req.client_cert_len);
        req.client_cert = cert;
        if (m > 3) req.principal = Str(principal, sizeof(principal) - 1);  // refused as malformed
      });
  if (!d.ok()) {
    memset(secret, 0, sizeof(secret));
    a->status = abi::Error::kMalformedMessage;
    return;
  }
  const uint64_t now = Now();
  Decision dec = auth_.login(req, now);
  memset(secret, 0, sizeof(secret));  // the cleartext lives no longer than the judgement
  capnp::MallocMessageBuilder b;
  auto result = b.initRoot<S::SessionManager::LoginResults>().initResult();
  int slot = -1;
  caprt::Result<caprt::Cap> cell = caprt::Error::kDenied;
  caprt::Result<caprt::EndpointPair> ep = caprt::Error::kDenied;
  if (dec.allowed() && MakeRoom()) {
    slot = table_.open(dec, now, 0);
  }
  if (slot >= 0) {
    const SessionRecord* r = table_.get(slot);
    cell = caprt::MintSession(caps_.session_authority,
                              {static_cast<uint8_t>(r->cls), StrengthOf(r->method),
                               static_cast<uint8_t>(r->profile_class)});
    if (cell.ok()) {
      ep = caprt::CreateEndpoint(caps_.endpoint_factory, capos::layout::UserSession::kId, false,
                                 static_cast<uint64_t>(slot) + 1);
    }
    if (!ep.ok()) {
      if (cell.ok()) {
        caprt::LogoutSession(caps_.session_authority, cell.value());
        caprt::Release(cell.value());
      }
      table_.release(slot);
      slot = -1;
    }
  }
  Audit(dec.audit());
  if (slot < 0) {
    // Denied, or allowed but no room: nothing was minted (or it was undone).
    auto denied = result.initDenied();
    if (dec.caller() == CallerResult::kBackoff) {
      denied.setCode(S::Denial::Code::BACKOFF);
      denied.setRetryAfterNs(dec.retry_after_ns());
    } else if (dec.allowed()) {
      denied.setCode(S::Denial::Code::BOUND_EXCEEDED);
      caps_.console.Printf("audit: event=%llu session table full, login undone\n",
                           static_cast<unsigned long long>(dec.audit().event_id));
    } else {
      denied.setCode(S::Denial::Code::AUTH_DENIED);
    }
    Encode(b, out, out_cap, a);
    return;
  }
  Endpoint& e = endpoint_[slot];
  e.served = true;
  e.owner = ep.value().owner;
  e.cell = cell.value();
  e.order = ++logins_;
  ++served_count_;
  ++generation_;
  auto ok = result.initOk();
  FillSummary(*table_.get(slot), ok.initSummary());
  ok.setSessionCap(0);
  ok.setCellCap(1);
  Encode(b, out, out_cap, a);
  if (a->status != abi::Error::kOk) return LoginDelivered(false);
  // The client facet moves to the caller (the authority keeps only the
  // owner); the cell is copied without the logout power (only SessionAuthority
  // can log out).
  a->caps[0] = caprt::Send(ep.value().client, abi::kRightCall | abi::kRightTransfer,
                           abi::TransferMode::kMove);
  // Call (status only), bind and transfer: the gateway passes it on to the
  // launcher, which checks it is live before starting a worker.
  a->caps[1] = caprt::Send(cell.value(), abi::kRightCall | abi::kRightBind | abi::kRightTransfer);
  a->caps_count = 2;
  pending_ = slot;
}

void Service::LoginDelivered(bool delivered) {
  const int slot = pending_;
  pending_ = -1;
  if (slot < 0 || delivered) return;
  LogoutSlot(slot);
  Drop(slot);
}

void Service::LogoutSlot(int slot) {
  AuditRecord au;
  if (!table_.logout(slot, Now(), auth_.next_event(), &au)) return;
  caprt::LogoutSession(caps_.session_authority, endpoint_[slot].cell);
  Audit(au);
}

void Service::Drop(int slot) {
  Endpoint& e = endpoint_[slot];
  if (!e.served) return;
  caprt::Release(e.owner);
  caprt::Release(e.cell);
  e = Endpoint();
  table_.release(slot);
  --served_count_;
  ++generation_;
}

bool Service::MakeRoom() {
  if (served_count_ < kMaxServedSessions) return true;
  int victim = -1;
  for (int i = 0; i < static_cast<int>(kMaxSessions); ++i) {
    const SessionRecord* r = table_.get(i);
    if (!endpoint_[i].served || r == nullptr || r->live) continue;
    if (victim < 0 || endpoint_[i].order < endpoint_[victim].order) victim = i;
  }
  if (victim < 0) return false;
  Drop(victim);
  return true;
}

void Service::Broker(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap, caprt::Answer* a) {
  static char name[kNameMax + 2];
  Str profile;
  if (in.header->method == L::AuthorityBroker::kServiceCatalog) {
    return ServiceCatalog(out, out_cap, a);
  }
  if (in.header->method != L::AuthorityBroker::kRemoteClientBundle) {
    return (void)(a->status = abi::Error::kBadMethod);
  }
  caprt::DecodeResult d = caprt::Decode<S::AuthorityBroker::RemoteClientBundleParams>(
      in.params, in.params_len, [&](S::AuthorityBroker::RemoteClientBundleParams::Reader p) {
        auto t = p.getProfile();
        profile = CopyIn(t.begin(), t.size(), name, sizeof(name));
      });
  if (!d.ok()) return (void)(a->status = abi::Error::kMalformedMessage);
  BundleEntry entries[kMaxBundleEntries];
  size_t count = 0;
  if (remote_client_bundle(policy_, profile, entries, &count) != BrokerResult::kOk) {
    a->status = abi::Error::kNotFound;
    return;
  }
  capnp::MallocMessageBuilder b;
  auto list = b.initRoot<S::AuthorityBroker::RemoteClientBundleResults>().initEntries(
      static_cast<unsigned>(count));
  for (size_t i = 0; i < count; ++i) {
    auto e = list[static_cast<unsigned>(i)];
    e.setName(T(entries[i].name.view()));
    e.setKind(static_cast<S::CapKind>(entries[i].kind));
    e.setInterfaceId(entries[i].interface_id);
    e.setRights(entries[i].rights);
  }
  Encode(b, out, out_cap, a);
}

void Service::ServiceCatalog(uint8_t* out, uint32_t out_cap, caprt::Answer* a) {
  capnp::MallocMessageBuilder b;
  FillServiceCatalog(catalog_, b.initRoot<S::AuthorityBroker::ServiceCatalogResults>());
  Encode(b, out, out_cap, a);
}

void Service::SystemInfo(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
                         caprt::Answer* a) {
  const uint16_t m = in.header->method;
  if (m > 1) return (void)(a->status = abi::Error::kBadMethod);
  capnp::MallocMessageBuilder b;
  if (m == 0) {
    b.initRoot<S::SystemInfo::MotdResults>().setText(T(policy_.motd()));
  } else {
    b.initRoot<S::SystemInfo::BuildInfoResults>().setText(T(policy_.build_info()));
  }
  Encode(b, out, out_cap, a);
}

void Service::Admission(uint8_t* out, uint32_t out_cap, caprt::Answer* a) {
  capnp::MallocMessageBuilder b;
  auto r = b.initRoot<S::SessionManager::AdmissionResults>();
  r.setPreAuthGraceSeconds(policy_.pre_auth_grace_seconds());
  r.setMaxAuthTries(policy_.max_auth_tries());
  r.setWebIdleSeconds(policy_.web_idle_seconds());
  r.setWebAbsoluteSeconds(policy_.web_absolute_seconds());
  r.setTerminalGraceSeconds(policy_.terminal_grace_seconds());
  Encode(b, out, out_cap, a);
}

void Service::ClientCertificates(const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
                                 caprt::Answer* a) {
  uint16_t port = 0;
  caprt::DecodeResult d = caprt::Decode<S::SessionManager::ClientCertificatesParams>(
      in.params, in.params_len,
      [&](S::SessionManager::ClientCertificatesParams::Reader p) { port = p.getPort(); });
  if (!d.ok()) return (void)(a->status = abi::Error::kMalformedMessage);
  capnp::MallocMessageBuilder b;
  auto r = b.initRoot<S::SessionManager::ClientCertificatesResults>();
  if (certs_ != nullptr && certs_->ca_count() != 0) {
    r.setRequired(certs_->Requires(port));
    auto cas = r.initCas(static_cast<unsigned>(certs_->ca_count()));
    for (size_t i = 0; i < certs_->ca_count(); ++i) {
      const mbedtls_x509_buf& der = certs_->ca_der(i);
      cas.set(static_cast<unsigned>(i), capnp::Data::Reader(der.p, der.len));
    }
    auto denied = r.initDeniedSerials(static_cast<unsigned>(certs_->denied_count()));
    for (size_t i = 0; i < certs_->denied_count(); ++i) {
      size_t len = 0;
      const uint8_t* s = certs_->denied(i, &len);
      denied.set(static_cast<unsigned>(i), capnp::Data::Reader(s, len));
    }
  }
  Encode(b, out, out_cap, a);
}

void Service::Session(int slot, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
                      caprt::Answer* a) {
  const SessionRecord* r = table_.get(slot);
  if (r == nullptr) return (void)(a->status = abi::Error::kDisconnected);
  capnp::MallocMessageBuilder b;
  switch (in.header->method) {
    case 0:  // info
      if (!r->live) return (void)(a->status = abi::Error::kStaleSession);
      FillSummary(*r, b.initRoot<S::UserSession::InfoResults>().initSummary());
      break;
    case 1:  // logout (idempotent)
      LogoutSlot(slot);
      b.initRoot<S::UserSession::LogoutResults>();
      break;
    case 2: {  // auditContext, also after logout
      auto res = b.initRoot<S::UserSession::AuditContextResults>();
      res.setPrincipal(T(r->principal.view()));
      res.setSourceId(r->source_id);
      res.setConnectionEvent(r->connection_event);
      res.setLoginEvent(r->login_event);
      res.setLoggedOut(!r->live);
      break;
    }
    default:
      a->status = abi::Error::kBadMethod;
      return;
  }
  Encode(b, out, out_cap, a);
}

}  // namespace authority
