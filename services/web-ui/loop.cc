#include "services/web-ui/loop.h"

#include <stdlib.h>
#include <string.h>
#include <new>

#include "caprt/libc.h"
#include "layout/kernel.capnp.layout.h"
#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "services/lib/http/response_writer.h"
#include "services/lib/tls-front/front_glue.h"
#include "services/web-ui/headers.h"

namespace web_ui {

namespace L = capos::layout;

Loop::Loop(IpcBackend& backend, caprt::Console& console, caprt::Timer timer, const Config& config)
    : backend_(backend), console_(console), timer_(timer), clock_(timer), config_(config) {
  Tick();
}

// Read once per event, from the time-stamp counter (caprt::EventClock): a
// kernel call per completion was a measurable part of a small request.
void Loop::Tick() {
  now_ms_ = clock_.NowMs();
  backend_.SetNow(now_ms_);
}

// The memory figure `make bench` reads.
void Loop::LogHeap() {
  console_.Printf("web-ui: browsers=%u logged-in=%u conns=%u heap-used=%lu\n",
                  unsigned(table_.used()), unsigned(table_.logged_in()), connections_.used(),
                  (unsigned long)caprt_heap_used());
}

Conn* Loop::At(uint32_t i, uint64_t serial) {
  if (i >= kSlots || conns_[i] == nullptr || conns_[i]->dying) return nullptr;
  return conns_[i]->serial == serial ? conns_[i] : nullptr;
}

void Loop::PostAccept() {
  caprt::async::Submit(caprt::CallSqe(listener_, L::TcpListener::kAccept, nullptr, 0, accept_reply_,
                                      sizeof(accept_reply_), Tag(kLoopIndex, kAccept)));
}

void Loop::OnAccept(const abi::Cqe& cqe) {
  if (cqe.status != 0) return PostAccept();
  caprt::Result<caprt::tcp::Accepted> accepted =
      caprt::tcp::DecodeAccept(accept_reply_, cqe.result_len, uint16_t(cqe.aux));
  if (!accepted.ok()) return PostAccept();
  const caprt::tcp::Accepted& a = accepted.value();
  uint32_t i = 0;
  while (i < kSlots && conns_[i] != nullptr) ++i;
  void* mem = nullptr;
  if (i < kSlots && (connections_.TryAcquire() || (Evict() && connections_.TryAcquire()))) {
    // malloc + placement new: the freestanding runtime has no nothrow new.
    mem = aligned_alloc(alignof(Conn), (sizeof(Conn) + 15) & ~size_t{15});
    if (mem == nullptr) connections_.Release();
  }
  if (mem == nullptr) {
    // Nothing to say that a browser would read: the page retries.
    caprt::tcp::Discard(a.socket);
    console_.Printf("web-ui: connection refused (%u connections)\n", connections_.used());
    return PostAccept();
  }
  Conn* c = new (mem) Conn();
  c->sock = a.socket;
  c->serial = next_serial_++;
  c->source_id = 0x5e55000000000000ull | a.peer_address;
  c->accepted_ms = c->idle_since_ms = NowMs();
  conns_[i] = c;
  if (tls() && (c->tls = tls_front::NewChannel(config_.tls)) == nullptr) {
    Finish(i, "tls: no memory for the channel");
    MaybeFree(i);
    return PostAccept();
  }
  Pump(i);
  MaybeFree(i);
  PostAccept();
}

// The oldest connection that carries nothing for anyone: not waiting for a
// session's answer, not a session's WebSocket, nothing queued to send.
bool Loop::Evict() {
  Conn* victim = nullptr;
  uint32_t at = 0;
  for (uint32_t i = 0; i < kSlots; ++i) {
    Conn* c = conns_[i];
    if (c == nullptr || c->dying || c->closing || !c->counted) continue;
    if (c->waiting || c->mode == ConnMode::kWebSocket || c->Pending() != 0) continue;
    if (victim == nullptr || c->serial < victim->serial) {
      victim = c;
      at = i;
    }
  }
  if (victim == nullptr) return false;
  Finish(at, "evicted for a newer connection");
  MaybeFree(at);
  return true;
}

void Loop::Pump(uint32_t i) {
  Conn& c = *conns_[i];
  uint64_t now = NowMs();
  while (!c.dying && !c.closing && !c.waiting && c.body_left == 0 && c.Room() &&
         (c.in_off < c.in_len || Decrypt(i))) {
    if (c.mode == ConnMode::kWebSocket) {
      OnWsBytes(i);
      continue;
    }
    if (c.reader.idle()) c.request_start_ms = now;
    c.in_off += static_cast<uint32_t>(
        c.reader.Feed(reinterpret_cast<const char*>(c.in + c.in_off), c.in_len - c.in_off));
    if (c.reader.state() == http::RequestReader::State::kNeedMore) continue;
    if (c.reader.state() == http::RequestReader::State::kError) {
      size_t n = http::ErrorResponse(c.reader.error(), reinterpret_cast<char*>(c.Tail()),
                                     c.TailRoom(), &SecurityHeaders);
      c.out_tail += static_cast<uint32_t>(n);
      c.closing = true;
      c.drain_deadline_ms = now + kCloseDrainMs;
      break;
    }
    Serve(i);  // may park the connection (waiting) or upgrade it
    if (c.dying) return;
  }
  if (c.hold_until_ms > now) return;
  if (HasOutput(c) && !c.send_posted) PostSend(i);
  if (c.dying) return;
  // With TLS, the next recv waits until mbedTLS took every received byte.
  bool drained_in = c.in_off >= c.in_len && (c.tls == nullptr || c.tls->CipherInEmpty());
  if (!c.closing && !c.waiting && !c.recv_posted && drained_in) PostRecv(i);
  if (!c.dying && c.closing && Drained(c) && !c.send_posted) Finish(i, "closed");
}

void Loop::PostRecv(uint32_t i) {
  Conn& c = *conns_[i];
  // A started request (or frame) gets only its remaining time; an idle
  // HTTP connection its keep-alive time; a WebSocket waits for the page.
  uint64_t now = NowMs(), deadline = 0;
  bool started = c.mode == ConnMode::kHttp ? !c.reader.idle() : c.ws.frame_started();
  if (started) {
    deadline = c.request_start_ms + kRequestDeadlineMs;
  } else if (c.mode == ConnMode::kHttp) {
    deadline = c.idle_since_ms + kKeepAliveMs;
  }
  uint32_t timeout = 0;
  if (deadline != 0) {
    if (now >= deadline) return Finish(i, started ? "request deadline" : "keep-alive idle");
    timeout = static_cast<uint32_t>(deadline - now);
  }
  if (!caprt::tcp::SubmitRecv(c.sock, c.recv_params, sizeof(c.recv_params), c.recv_reply,
                              sizeof(c.recv_reply), kChunk, timeout, Tag(i, kRecv)))
    return Finish(i, "encode recv");
  c.recv_posted = true;
}

void Loop::OnRecv(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = *conns_[i];
  if (cqe.status == -int32_t(abi::Error::kTimedOut)) {
    bool started = c.mode == ConnMode::kHttp ? !c.reader.idle() : c.ws.frame_started();
    return Finish(i, started ? "request deadline" : "keep-alive idle");
  }
  if (cqe.status != 0) return Finish(i, "recv failed");
  caprt::Result<caprt::tcp::Received> r =
      caprt::tcp::DecodeRecv(c.recv_reply, cqe.result_len, c.in, kChunk);
  if (!r.ok()) return Finish(i, "recv reply");
  if (r.value().eof) return Finish(i, "peer closed");
  c.in_off = 0;
  c.in_len = r.value().len;
  if (c.tls != nullptr) {
    // Ciphertext: `in` was empty (recvs wait for that), so it lends its
    // room; the channel takes all of it (its input was empty too).
    c.tls->PutCipher(c.in, c.in_len);
    c.in_len = 0;
  }
  Pump(i);
}

void Loop::PostSend(uint32_t i) {
  Conn& c = *conns_[i];
  uint32_t left = 0;
  const uint8_t* from = NextSend(c, &left);
  if (left == 0) return;
  c.sent_len = left < kChunk ? left : kChunk;
  if (!caprt::tcp::SubmitSend(c.sock, c.send_params, sizeof(c.send_params), c.send_reply,
                              sizeof(c.send_reply), from, c.sent_len, Tag(i, kSend)))
    return Finish(i, "encode send");
  c.send_posted = true;
  c.send_start_ms = NowMs();
}

void Loop::OnSend(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = *conns_[i];
  if (cqe.status != 0) return Finish(i, "send failed");
  caprt::Result<uint32_t> n = caprt::tcp::DecodeSend(c.send_reply, cqe.result_len);
  if (!n.ok() || n.value() == 0 || n.value() > c.sent_len) return Finish(i, "send reply");
  Sent(c, n.value());
  if (c.Pending() == 0) c.idle_since_ms = NowMs();
  Pump(i);
}

void Loop::Finish(uint32_t i, const char* why) {
  Conn* c = conns_[i];
  if (c->dying) return;
  c->dying = true;
  if (c->counted) connections_.Release();
  c->counted = false;
  // A browser session outlives its connections; only its push socket is
  // forgotten (an answer for a parked request finds no connection and is
  // dropped, see At()).
  if (c->mode == ConnMode::kWebSocket && c->browser >= 0 && browsers_[c->browser] != nullptr &&
      browsers_[c->browser]->ws_serial == c->serial) {
    browsers_[c->browser]->ws_conn = -1;
  }
  if (c->recv_posted) caprt::async::Cancel(Tag(i, kRecv), Tag(i, kCancel));
  if (c->send_posted) caprt::async::Cancel(Tag(i, kSend), Tag(i, kCancel));
  caprt::tcp::Discard(c->sock);
  if (c->mode == ConnMode::kWebSocket || strcmp(why, "peer closed") != 0) {
    console_.Printf("web-ui: close conn=%llu: %s\n", (unsigned long long)c->serial, why);
  }
}

void Loop::MaybeFree(uint32_t i) {
  Conn* c = conns_[i];
  if (c == nullptr || !c->dying || c->recv_posted || c->send_posted) return;
  tls_front::FreeChannel(c->tls);
  c->~Conn();
  free(c);
  conns_[i] = nullptr;
}

caprt::Error Loop::Run(const caprt::Cap& listener) {
  listener_ = listener;
  PostAccept();
  LogHeap();
  return ipc_backend::front_end::Run(*this);
}

void Loop::OnConnOp(uint32_t i, uint64_t op, const abi::Cqe& cqe) {
  if (i >= kSlots || conns_[i] == nullptr) return;
  Conn& c = *conns_[i];
  (op == kRecv ? c.recv_posted : c.send_posted) = false;
  if (!c.dying) op == kRecv ? OnRecv(i, cqe) : OnSend(i, cqe);
  MaybeFree(i);
}

}  // namespace web_ui
