// HTTPS on the web UI's port (README.md, "HTTPS"): each connection's
// channel (services/lib/tls-front) sits between its socket ops and its
// requests, as in the gateway. Received ciphertext goes into the channel;
// Decrypt fills `in` with plaintext for the request reader (running the
// handshake first); before each send, the queue and then a bundle file's
// body are sealed into records, so a large file still goes out in pieces
// without being copied into the queue.
#include "services/lib/tls-front/front_glue.h"
#include "services/web-ui/loop.h"

namespace web_ui {

bool Loop::Decrypt(uint32_t i) {
  Conn& c = *conns_[i];
  if (c.tls == nullptr) return false;
  bool opened = false;
  tls_front::Fill f = tls_front::Refill(*c.tls, c.in, kChunk, &c.in_len, &opened);
  if (f == tls_front::Fill::kData) {
    c.in_off = 0;
    return true;
  }
  if (f == tls_front::Fill::kFailed) {
    // The alert mbedTLS wrote goes out before the close.
    console_.Printf("web-ui: tls conn=%llu: %s (-0x%04x)\n", (unsigned long long)c.serial,
                    c.tls->Why(), unsigned(-c.tls->error()));
  }
  if (f == tls_front::Fill::kFailed || f == tls_front::Fill::kClosed) {
    c.closing = true;
    c.drain_deadline_ms = NowMs() + kCloseDrainMs;
  }
  return false;
}

bool Loop::HasOutput(const Conn& c) const {
  if (c.tls == nullptr) return c.Pending() != 0;
  bool sealable = c.tls->state() == tls_front::Channel::State::kOpen;
  return c.tls->CipherOutLen() != 0 || (sealable && (c.Pending() != 0 || c.closing));
}

const uint8_t* Loop::NextSend(Conn& c, uint32_t* len) {
  if (c.tls == nullptr) {
    // The queue first (a large file's head), then the file's body.
    c.sending_body = c.Queued() == 0;
    *len = c.sending_body ? c.body_left : c.Queued();
    return c.sending_body ? c.body : c.out + c.out_head;
  }
  c.out_head += tls_front::Seal(*c.tls, c.out + c.out_head, c.Queued());
  if (c.Queued() == 0 && c.body_left != 0) {
    uint32_t n = tls_front::Seal(*c.tls, c.body, c.body_left);
    c.body += n;
    c.body_left -= n;
    if (c.body_left == 0) c.body = nullptr;
  }
  if (c.closing && c.Pending() == 0) c.tls->Close();  // close_notify after the last byte
  c.sending_body = false;
  *len = static_cast<uint32_t>(c.tls->CipherOutLen());
  return c.tls->CipherOut();
}

void Loop::Sent(Conn& c, uint32_t n) {
  if (c.tls != nullptr) {
    c.tls->CipherSent(n);
  } else if (c.sending_body) {
    c.body += n;
    c.body_left -= n;
    if (c.body_left == 0) c.body = nullptr;
  } else {
    c.out_head += n;
  }
}

bool Loop::Drained(const Conn& c) const {
  if (c.tls == nullptr) return c.Pending() == 0;
  // Plaintext that can no longer be sealed (the channel never opened or
  // failed) is dropped with the connection.
  bool sealable = c.tls->state() == tls_front::Channel::State::kOpen;
  return (!sealable || c.Pending() == 0) && c.tls->CipherOutLen() == 0;
}

}  // namespace web_ui
