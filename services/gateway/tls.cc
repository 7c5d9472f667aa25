// TLS on the gateway's port (README.md, "TLS"): each connection's channel
// (services/lib/tls-front) sits between its socket ops and its frames.
// Received ciphertext goes into the channel; Decrypt fills `in` with
// plaintext for the frame reader; Seal turns the queued responses into
// records before each send. The handshake runs inside Decrypt, so it is
// paced by the same recvs and sends as the frames that follow it, and the
// pre-auth grace period bounds it like any connection that has not logged
// in.
#include <stdlib.h>

#include <new>

#include "services/gateway/conn.h"
#include "services/gateway/conn_loop.h"

namespace gateway {

bool Loop::StartTls(uint32_t i) {
  void* mem =
      aligned_alloc(alignof(tls_front::Channel), (sizeof(tls_front::Channel) + 15) & ~size_t{15});
  if (mem == nullptr) return false;
  auto* channel = new (mem) tls_front::Channel();
  conns_[i]->tls = channel;  // freed with the Conn (MaybeFree), whatever happens next
  return channel->Start(tls_) == 0;
}

bool Loop::Decrypt(uint32_t i) {
  Conn& c = *conns_[i];
  if (c.tls == nullptr) return false;
  tls_front::Channel::State before = c.tls->state();
  int n = c.tls->ReadPlain(c.in, kChunk);
  if (before == tls_front::Channel::State::kHandshake &&
      c.tls->state() == tls_front::Channel::State::kOpen) {
    console_.Printf("tls event=%llu: %s\n", (unsigned long long)c.event, c.tls->Version());
  }
  if (n > 0) {
    c.in_off = 0;
    c.in_len = static_cast<uint32_t>(n);
    return true;
  }
  if (n < 0) {
    // The alert mbedTLS wrote, if any, goes out before the close.
    if (c.tls->state() == tls_front::Channel::State::kFailed) {
      console_.Printf("tls event=%llu: %s (-0x%04x)\n", (unsigned long long)c.event, c.tls->Why(),
                      unsigned(-c.tls->error()));
      c.Close(NowMs(), "tls failed");
    } else {
      c.Close(NowMs(), "peer closed");
    }
  }
  return false;
}

void Loop::Seal(Conn& c) {
  while (c.Queued() != 0) {
    int n = c.tls->WritePlain(c.out + c.out_head, c.Queued());
    if (n <= 0) break;
    c.out_head += static_cast<uint32_t>(n);
  }
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
