#include "services/gateway/conn_loop.h"

#include <stdlib.h>
#include <string.h>
#include <new>

#include <capnp/message.h>

#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/codec.h"

namespace gateway {

namespace rs = remote_session;

// Per-connection state; heap-allocated at accept (the buffers are large).
struct Conn {
  Conn(rs::Backend& backend, const rs::SharedBounds& shared, const rs::ConnectionInfo& info)
      : reader(frame, sizeof(frame),
               rs::FramePolicy{rs::kDefaultMaxFrameBytes, kFrameDeadlineMs, kFrameMaxChunks}),
        session(backend, shared, info) {}

  caprt::Cap sock;
  uint64_t event = 0;
  bool close_after_send = false;
  uint32_t in_len = 0, in_off = 0;    // received bytes not yet fed
  uint32_t out_len = 0, out_off = 0;  // response bytes not yet sent
  rs::FrameReader reader;
  rs::Session session;
  alignas(8) uint8_t params[kChunk + 64];
  alignas(8) uint8_t reply[kChunk + 64];
  uint8_t in[kChunk];
  uint8_t frame[rs::kDefaultMaxFrameBytes];
  alignas(8) uint8_t out[rs::kMaxResponseFrameBytes];
};

namespace {

namespace L = capos::layout;
// user_data: a high marker bit (so it never meets the ring's own
// NextUserData values), the connection index, the op.
constexpr uint64_t kMark = 1ull << 62;
constexpr uint64_t kAccept = 1, kRecv = 2, kSend = 3;
constexpr uint32_t kAcceptIndex = 0xffffff;
uint64_t Tag(uint32_t i, uint64_t op) {
  return kMark | (uint64_t(i) << 8) | op;
}

}  // namespace

Loop::Loop(rs::Backend& backend, caprt::Console& console, caprt::Timer timer, uint16_t port)
    : backend_(backend), console_(console), timer_(timer) {
  // TcpSocket reveals no peer address, so every connection on this port is
  // one source for the authority's per-source backoff. Opaque, not an address.
  source_id_ = 0x5e55000000000000ull | port;
}

uint64_t Loop::NowMs() {
  caprt::Result<uint64_t> ns = timer_.Now();
  return ns.ok() ? ns.value() / 1000000 : 0;
}

void Loop::Submit(const abi::Sqe& sqe) {
  caprt::Ring& ring = caprt::DefaultRing();
  while (!ring.Submit(sqe)) ring.Enter(0, 0);  // SQ full: let the kernel take some
}

void Loop::PostAccept() {
  Submit(caprt::tcp::CallSqe(listener_, L::TcpListener::kAccept, nullptr, 0, accept_reply_,
                             sizeof(accept_reply_), Tag(kAcceptIndex, kAccept)));
}

// Over the connection bound: a typed boundExceeded, then close. The frame is
// tiny, so a blocking send on the fresh socket does not stall the loop.
void Loop::Refuse(const caprt::Cap& sock) {
  capnp::MallocMessageBuilder b(64);
  auto r = b.initRoot<capos::schema::Response>();
  auto d = r.initDenied();
  d.setCode(capos::schema::ErrorCode::BOUND_EXCEEDED);
  d.setMessage("too many connections");
  alignas(8) uint8_t frame[256];
  size_t n = rs::EncodeFrame(b, frame, sizeof(frame), rs::kDefaultMaxFrameBytes);
  if (n) caprt::tcp::SendAll(sock, frame, static_cast<uint32_t>(n));
  caprt::tcp::Shutdown(sock, false, true);
  caprt::tcp::Close(sock);
  caprt::Release(sock);
  console_.Printf("connection refused: %u connections (bound)\n", connections_.limit());
}

void Loop::OnAccept(const abi::Cqe& cqe) {
  if (cqe.status != 0) return PostAccept();
  caprt::Result<caprt::Cap> sock =
      caprt::tcp::DecodeAccept(accept_reply_, cqe.result_len, uint16_t(cqe.aux));
  if (!sock.ok()) return PostAccept();
  uint32_t i = 0;
  while (i < kMaxConns && conns_[i] != nullptr) ++i;
  if (i == kMaxConns || !connections_.TryAcquire()) {
    Refuse(sock.value());
    return PostAccept();
  }
  rs::SharedBounds shared{&logins_, &cap_holders_};
  rs::ConnectionInfo info;
  info.source.source_id = source_id_;
  info.source.connection_event = next_event_++;
  info.connected_at_ms = NowMs();
  // malloc + placement new: the freestanding runtime has no nothrow new.
  void* mem = aligned_alloc(alignof(Conn), (sizeof(Conn) + 15) & ~size_t{15});
  if (mem == nullptr) {
    connections_.Release();
    Refuse(sock.value());
    return PostAccept();
  }
  Conn* c = new (mem) Conn(backend_, shared, info);
  c->sock = sock.value();
  c->event = info.source.connection_event;
  conns_[i] = c;
  console_.Printf("connect event=%llu (%u open)\n", (unsigned long long)c->event,
                  connections_.used());
  PostRecv(i);
  PostAccept();
}

void Loop::PostRecv(uint32_t i) {
  Conn& c = *conns_[i];
  // No frame started: wait forever. Started: only its remaining time.
  uint64_t deadline = c.reader.DeadlineMs();
  uint32_t timeout = 0;
  if (deadline != 0) {
    uint64_t now = NowMs();
    if (now >= deadline) {
      c.reader.Tick(now);
      return Respond(i, c.session.FrameError(c.reader.status(), now, c.out, sizeof(c.out)));
    }
    timeout = static_cast<uint32_t>(deadline - now);
  }
  caprt::Result<uint32_t> n = caprt::tcp::EncodeRecv(c.params, sizeof(c.params), kChunk, timeout);
  if (!n.ok()) return Finish(i, "encode recv");
  Submit(caprt::tcp::CallSqe(c.sock, L::TcpSocket::kRecv, c.params, n.value(), c.reply,
                             sizeof(c.reply), Tag(i, kRecv)));
}

void Loop::OnRecv(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = *conns_[i];
  if (cqe.status == -int32_t(abi::Error::kTimedOut)) {
    uint64_t now = NowMs();
    if (rs::IsTerminal(c.reader.Tick(now))) {
      return Respond(i, c.session.FrameError(c.reader.status(), now, c.out, sizeof(c.out)));
    }
    return PostRecv(i);  // woke early: wait for the rest of the deadline
  }
  if (cqe.status != 0) return Finish(i, "recv failed");
  caprt::Result<caprt::tcp::Received> r =
      caprt::tcp::DecodeRecv(c.reply, cqe.result_len, c.in, kChunk);
  if (!r.ok()) return Finish(i, "recv reply");
  if (r.value().eof) return Finish(i, "peer closed");
  c.in_off = 0;
  c.in_len = r.value().len;
  Process(i);
}

void Loop::Process(uint32_t i) {
  Conn& c = *conns_[i];
  while (c.in_off < c.in_len) {
    uint64_t now = NowMs();
    c.in_off += static_cast<uint32_t>(c.reader.Feed(c.in + c.in_off, c.in_len - c.in_off, now));
    rs::FrameStatus st = c.reader.status();
    if (st == rs::FrameStatus::kFrame) {
      rs::Output out = c.session.HandleFrame(c.reader.Frame(), c.reader.FrameLength(), now, c.out,
                                             sizeof(c.out));
      c.reader.Next();
      if (out.length != 0 || out.close) return Respond(i, out);
    } else if (rs::IsTerminal(st)) {
      return Respond(i, c.session.FrameError(st, now, c.out, sizeof(c.out)));
    }
  }
  PostRecv(i);
}

void Loop::Respond(uint32_t i, const rs::Output& out) {
  Conn& c = *conns_[i];
  c.close_after_send = out.close;
  c.out_off = 0;
  c.out_len = static_cast<uint32_t>(out.length);
  if (c.out_len == 0) return out.close ? Finish(i, "closed by session") : Process(i);
  PostSend(i);
}

void Loop::PostSend(uint32_t i) {
  Conn& c = *conns_[i];
  caprt::Result<uint32_t> n =
      caprt::tcp::EncodeSend(c.params, sizeof(c.params), c.out + c.out_off,
                             c.out_len - c.out_off < kChunk ? c.out_len - c.out_off : kChunk);
  if (!n.ok()) return Finish(i, "encode send");
  Submit(caprt::tcp::CallSqe(c.sock, L::TcpSocket::kSend, c.params, n.value(), c.reply,
                             sizeof(c.reply), Tag(i, kSend)));
}

void Loop::OnSend(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = *conns_[i];
  // The host went away mid-answer: this connection only.
  if (cqe.status != 0) return Finish(i, "send failed");
  caprt::Result<uint32_t> n = caprt::tcp::DecodeSend(c.reply, cqe.result_len);
  if (!n.ok() || n.value() == 0 || n.value() > c.out_len - c.out_off) {
    return Finish(i, "send reply");
  }
  c.out_off += n.value();
  if (c.out_off < c.out_len) return PostSend(i);  // backpressure: the rest later
  if (c.close_after_send) return Finish(i, "closed by session");
  Process(i);
}

void Loop::Finish(uint32_t i, const char* why) {
  Conn* c = conns_[i];
  // Logs the session out and stops its worker before the socket goes.
  c->session.Disconnect(NowMs());
  caprt::tcp::Shutdown(c->sock, false, true);
  caprt::tcp::Close(c->sock);
  caprt::Release(c->sock);
  console_.Printf("disconnect event=%llu: %s\n", (unsigned long long)c->event, why);
  c->~Conn();
  free(c);
  conns_[i] = nullptr;
  connections_.Release();
}

caprt::Error Loop::Run(const caprt::Cap& listener) {
  listener_ = listener;
  PostAccept();
  caprt::Ring& ring = caprt::DefaultRing();
  for (;;) {
    abi::Cqe cqe;
    if (!ring.Pop(&cqe)) {
      int64_t n = ring.Enter(1, abi::kWaitForever);
      if (n < 0) return caprt::ErrorFromStatus(static_cast<int32_t>(n));
      continue;
    }
    if ((cqe.user_data & kMark) == 0) continue;  // a late completion of a sync call
    uint64_t op = cqe.user_data & 0xff;
    uint32_t i = static_cast<uint32_t>((cqe.user_data & ~kMark) >> 8);
    if (op == kAccept) {
      if (cqe.status != 0 && cqe.status != -int32_t(abi::Error::kNoMemory) &&
          cqe.status != -int32_t(abi::Error::kBusy)) {
        return caprt::ErrorFromStatus(cqe.status);
      }
      OnAccept(cqe);
    } else if (i < kMaxConns && conns_[i] != nullptr) {
      op == kRecv ? OnRecv(i, cqe) : OnSend(i, cqe);
    }
  }
}

}  // namespace gateway
