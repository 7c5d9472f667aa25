// TLS on the gateway's port (README.md, "TLS"): each connection's channel
// (services/lib/tls-front) sits between its socket ops and its frames.
// Received ciphertext goes into the channel; Decrypt fills `in` with
// plaintext for the frame reader; Seal turns the queued responses into
// records before each send. The handshake runs inside Decrypt, so it is
// paced by the same recvs and sends as the frames that follow it, and the
// pre-auth grace period bounds it like any connection that has not logged
// in.
#include "services/gateway/conn.h"
#include "services/gateway/conn_loop.h"
#include "services/lib/remote-session/stage_clock.h"
#include "services/lib/tls-front/front_glue.h"

namespace gateway {

bool Loop::StartTls(uint32_t i) {
  conns_[i]->tls = tls_front::NewChannel(tls_);
  return conns_[i]->tls != nullptr;
}

bool Loop::Decrypt(uint32_t i) {
  Conn& c = *conns_[i];
  if (c.tls == nullptr) return false;
  bool opened = false;
  // tlsIn counts records only: a handshake's cost is the bench's own row.
  bool records = c.tls->state() == tls_front::Channel::State::kOpen;
  uint64_t t0 = rs::Tsc();
  tls_front::Fill f = tls_front::Refill(*c.tls, c.in, kChunk, &c.in_len, &opened);
  if (records) rs::Stages().Add(rs::Stage::kTlsIn, rs::Tsc() - t0);
  if (opened) {
    console_.Printf("tls event=%llu: %s\n", (unsigned long long)c.event, c.tls->Version());
    // What a public-key login's signature is bound to (login_proof.h):
    // without it the core keeps publicKey disabled on this connection.
    uint8_t binding[rs::kChannelBindingBytes];
    if (c.sess != nullptr && c.tls->Export(rs::kExporterLabel, binding, sizeof(binding))) {
      c.sess->core.SetChannelBinding(binding);
    }
    // mTLS: the leaf goes to the authority with a publicKey login, which
    // may then log in its subject (services/lib/client-cert).
    const uint8_t* der = nullptr;
    size_t der_len = 0;
    if (c.sess != nullptr && c.tls->PeerCertificate(&der, &der_len)) {
      c.sess->core.SetClientCertificate(der, static_cast<uint32_t>(der_len));
    }
  }
  if (f == tls_front::Fill::kData) {
    c.in_off = 0;
    return true;
  }
  if (f == tls_front::Fill::kFailed) {
    // The alert mbedTLS wrote goes out before the close.
    console_.Printf("tls event=%llu: %s (-0x%04x)\n", (unsigned long long)c.event, c.tls->Why(),
                    unsigned(-c.tls->error()));
    c.Close(NowMs(), "tls failed");
  } else if (f == tls_front::Fill::kClosed) {
    c.Close(NowMs(), "peer closed");
  }
  return false;
}

void Loop::Seal(Conn& c) {
  rs::StageTimer t(rs::Stage::kTlsOut);
  c.out_head += tls_front::Seal(*c.tls, c.out + c.out_head, c.Queued());
  if (c.closing && c.Queued() == 0) c.tls->Close();  // close_notify after the last answer
}

bool Loop::Drained(const Conn& c) const {
  if (c.tls == nullptr) return c.Queued() == 0;
  // Plaintext that can no longer be sealed (the channel never opened or
  // failed) is dropped with the connection.
  bool sealable = c.tls->state() == tls_front::Channel::State::kOpen;
  return (!sealable || c.Queued() == 0) && c.tls->CipherOutLen() == 0;
}

}  // namespace gateway
