#include "services/authority-probe/probe.h"

#include <stdio.h>
#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "schema/authority.capnp.h"

namespace aprobe {
namespace {

namespace S = capos::schema;

void CopyText(char* dst, size_t cap, capnp::Text::Reader t) {
  snprintf(dst, cap, "%.*s", static_cast<int>(t.size()), t.begin());
}

alignas(16) uint8_t params_buf[1024];
alignas(16) uint8_t reply_buf[1024];

}  // namespace

uint32_t Probe::LiveSessions() {
  caprt::Result<caprt::KernelStats> s = caprt::Stats(caps_.diagnostics);
  return s.ok() ? s.value().live_sessions : 0xffffffffu;
}

Login DoLogin(Probe& p, uint16_t method, const char* principal, const char* secret,
              const char* profile, uint64_t source, uint64_t conn_event) {
  Login out;
  capnp::MallocMessageBuilder b;
  auto params = b.initRoot<S::SessionManager::LoginParams>();
  params.setMethod(static_cast<S::AuthMethod>(method));
  params.setPrincipal(principal);
  params.setSecret(capnp::Data::Reader(reinterpret_cast<const uint8_t*>(secret), strlen(secret)));
  params.setRequestedProfile(profile);
  params.getSource().setSourceId(source);
  params.getSource().setConnectionEvent(conn_event);
  caprt::Result<size_t> len = caprt::SerializeTo(b, params_buf, sizeof(params_buf));
  if (!len.ok()) return out.transport = len.error(), out;
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(p.caps().manager, 0, params_buf, static_cast<uint32_t>(len.value()),
                      reply_buf, sizeof(reply_buf));
  if (!r.ok()) return out.transport = r.error(), out;
  out.raw_len = r.value().len < sizeof(out.raw) ? r.value().len : sizeof(out.raw);
  memcpy(out.raw, reply_buf, out.raw_len);
  uint16_t session_i = 0xffff, cell_i = 0xffff;
  caprt::DecodeResult d = caprt::Decode<S::SessionManager::LoginResults>(
      reply_buf, r.value().len, [&](S::SessionManager::LoginResults::Reader res) {
        auto lr = res.getResult();
        if (lr.isOk()) {
          out.ok = true;
          auto s = lr.getOk().getSummary();
          CopyText(out.principal, sizeof(out.principal), s.getPrincipal());
          CopyText(out.profile, sizeof(out.profile), s.getProfile());
          out.principal_class = static_cast<uint16_t>(s.getPrincipalClass());
          out.auth_method = static_cast<uint16_t>(s.getAuthMethod());
          session_i = lr.getOk().getSessionCap();
          cell_i = lr.getOk().getCellCap();
        } else {
          out.denial = static_cast<uint16_t>(lr.getDenied().getCode());
          out.retry_after_ns = lr.getDenied().getRetryAfterNs();
        }
      });
  if (!d.ok()) return out.transport = d.error, out.ok = false, out;
  if (out.ok) {
    caprt::Result<caprt::Cap> s = caprt::ReplyCap(reply_buf, r.value(), session_i);
    caprt::Result<caprt::Cap> c = caprt::ReplyCap(reply_buf, r.value(), cell_i);
    if (!s.ok() || !c.ok()) return out.transport = abi::Error::kBadSlot, out.ok = false, out;
    out.session = s.value();
    out.cell = c.value();
  } else if (r.value().caps != 0) {
    out.transport = abi::Error::kDenied;  // a denial must carry no caps at all
  }
  return out;
}

abi::Error SessionInfoLive(const caprt::Cap& s, bool* live) {
  capnp::MallocMessageBuilder b;
  b.initRoot<S::UserSession::InfoParams>();
  caprt::Result<uint32_t> n = caprt::CallMessage(s, 0, b, reply_buf, sizeof(reply_buf));
  if (!n.ok()) return n.error();
  caprt::DecodeResult d = caprt::Decode<S::UserSession::InfoResults>(
      reply_buf, n.value(),
      [&](S::UserSession::InfoResults::Reader r) { *live = r.getSummary().getLive(); });
  return d.error;
}

abi::Error SessionLogout(const caprt::Cap& s) {
  capnp::MallocMessageBuilder b;
  b.initRoot<S::UserSession::LogoutParams>();
  caprt::Result<uint32_t> n = caprt::CallMessage(s, 1, b, reply_buf, sizeof(reply_buf));
  return n.ok() ? abi::Error::kOk : n.error();
}

abi::Error SessionAuditContext(const caprt::Cap& s, AuditCtx* out) {
  capnp::MallocMessageBuilder b;
  b.initRoot<S::UserSession::AuditContextParams>();
  caprt::Result<uint32_t> n = caprt::CallMessage(s, 2, b, reply_buf, sizeof(reply_buf));
  if (!n.ok()) return n.error();
  caprt::DecodeResult d = caprt::Decode<S::UserSession::AuditContextResults>(
      reply_buf, n.value(), [&](S::UserSession::AuditContextResults::Reader r) {
        CopyText(out->principal, sizeof(out->principal), r.getPrincipal());
        out->source = r.getSourceId();
        out->conn = r.getConnectionEvent();
        out->login_event = r.getLoginEvent();
        out->logged_out = r.getLoggedOut();
      });
  return d.error;
}

}  // namespace aprobe
