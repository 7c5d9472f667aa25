#include "services/gateway/conn_loop.h"

#include <stdlib.h>
#include <string.h>
#include <new>

#include <capnp/message.h>

#include "caprt/libc.h"
#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/remote_session.capnp.h"
#include "services/gateway/conn.h"
#include "services/lib/remote-session/codec.h"
#include "services/lib/remote-session/stage_clock.h"
#include "services/lib/tls-front/front_glue.h"

namespace gateway {

namespace rs = remote_session;

namespace {

namespace L = capos::layout;

// One worker answer and one backend Completion at a time are decoded here
// (large; single-threaded).
rs::ChatReply chat_reply;
rs::TerminalReply terminal_reply;
// A launched service's results, aligned for the core to decode.
alignas(8) uint8_t service_results[rs::kMaxServiceResultBytes];
rs::Completion completion;

}  // namespace

Loop::Loop(IpcBackend& backend, caprt::Console& console, caprt::Timer timer,
           const AdmissionPolicy& admission, Tickets* tickets, const mbedtls_ssl_config* tls)
    : backend_(backend),
      console_(console),
      timer_(timer),
      clock_(timer),
      admission_(admission),
      tickets_(tickets),
      tls_(tls) {
  Tick();
  start_ms_ = NowMs();
  start_tsc_ = rs::Tsc();
  limits_.max_auth_tries = admission_.max_auth_tries;
  limits_.pre_auth_grace_ms = admission_.pre_auth_grace_ms;
}

// The clock is read once per event (Tick), from the time-stamp counter
// (caprt::EventClock): an event's handling is far shorter than the
// millisecond deadlines it feeds, and a kernel call per completion was a
// measurable part of a small request.
void Loop::Tick() {
  now_ms_ = clock_.NowMs();
  backend_.SetNow(now_ms_);
}

uint64_t Loop::NowMs() {
  return now_ms_;
}

// The memory figure `make bench` reads: heap in use with N sessions open.
void Loop::LogHeap() {
  console_.Printf("gateway: sessions=%u conns=%u heap-used=%lu\n", backend_.live_sessions(),
                  connections_.used(), (unsigned long)caprt_heap_used());
  LogStages();
}

// The per-stage figures `make bench` reads (stage_clock.h), as ns per frame
// (send and relay: per op) since the last line; then they start again.
void Loop::LogStages() {
  rs::StageTotals& s = rs::Stages();
  uint64_t frames = s.count[uint32_t(rs::Stage::kFrame)];
  uint64_t ms = NowMs() - start_ms_;
  uint64_t per_ms = ms == 0 ? 0 : (rs::Tsc() - start_tsc_) / ms;  // TSC cycles per ms
  if (frames == 0 || per_ms == 0) return;
  auto ns = [&](uint64_t cycles, uint64_t n) { return n == 0 ? 0 : cycles / n * 1000000 / per_ms; };
  auto c = [&](rs::Stage st) { return s.cycles[uint32_t(st)]; };
  using S = rs::Stage;
  uint64_t nested = c(S::kDecode) + c(S::kBackend) + c(S::kEncode) + c(S::kTranscript);
  uint64_t core = c(S::kFrame) > nested ? c(S::kFrame) - nested : 0;
  console_.Printf(
      "gateway: stages frames=%llu ns/frame read=%llu decode=%llu core=%llu backend=%llu "
      "encode=%llu transcript=%llu redact=%llu tlsIn=%llu tlsOut=%llu ns/op send=%llu "
      "relay=%llu tsc/ms=%llu\n",
      (unsigned long long)frames, (unsigned long long)ns(c(S::kRead), frames),
      (unsigned long long)ns(c(S::kDecode), frames), (unsigned long long)ns(core, frames),
      (unsigned long long)ns(c(S::kBackend), frames), (unsigned long long)ns(c(S::kEncode), frames),
      (unsigned long long)ns(c(S::kTranscript) - c(S::kRedact), frames),
      (unsigned long long)ns(c(S::kRedact), frames),
      (unsigned long long)ns(c(S::kTlsIn), frames), (unsigned long long)ns(c(S::kTlsOut), frames),
      (unsigned long long)ns(c(S::kSend), s.count[uint32_t(S::kSend)]),
      (unsigned long long)ns(c(S::kRelay), s.count[uint32_t(S::kRelay)]),
      (unsigned long long)per_ms);
  s = rs::StageTotals();
}

void Loop::PostAccept() {
  caprt::async::Submit(caprt::CallSqe(listener_, L::TcpListener::kAccept, nullptr, 0, accept_reply_,
                                      sizeof(accept_reply_), Tag(kLoopIndex, kAccept)));
}

// Over the connection bound: a typed boundExceeded, then close. The frame is
// tiny, so a blocking send on the fresh socket does not stall the loop. On
// a TLS port there is no channel to carry it: the close is the answer.
void Loop::Refuse(const caprt::Cap& sock) {
  if (tls_ != nullptr) {
    caprt::tcp::Discard(sock);
    console_.Printf("connection refused: %u connections (bound)\n", connections_.limit());
    return;
  }
  capnp::MallocMessageBuilder b(64);
  auto r = b.initRoot<capos::schema::Response>();
  auto d = r.initDenied();
  d.setCode(capos::schema::ErrorCode::BOUND_EXCEEDED);
  d.setMessage("too many connections");
  alignas(8) uint8_t frame[256];
  size_t n = rs::EncodeFrame(b, frame, sizeof(frame), rs::kDefaultMaxFrameBytes);
  if (n) caprt::tcp::SendAll(sock, frame, static_cast<uint32_t>(n));
  caprt::tcp::Discard(sock);
  console_.Printf("connection refused: %u connections (bound)\n", connections_.limit());
}

void Loop::OnAccept(const abi::Cqe& cqe) {
  if (cqe.status != 0) return PostAccept();
  caprt::Result<caprt::tcp::Accepted> accepted =
      caprt::tcp::DecodeAccept(accept_reply_, cqe.result_len, uint16_t(cqe.aux));
  if (!accepted.ok()) return PostAccept();
  const caprt::tcp::Accepted& a = accepted.value();
  if (!connections_.TryAcquire() && !(Evict() && connections_.TryAcquire())) {
    Refuse(a.socket);
    return PostAccept();
  }
  uint32_t i = 0;
  while (i < kSlots && conns_[i] != nullptr) ++i;
  rs::ConnectionInfo info;
  // The per-source key: the peer address the kernel saw (opaque to the
  // core; behind QEMU user networking all host clients share it).
  info.source.source_id = 0x5e55000000000000ull | a.peer_address;
  info.source.connection_event = next_event_++;
  info.connected_at_ms = NowMs();
  // malloc + placement new: the freestanding runtime has no nothrow new.
  void* mem =
      i == kSlots ? nullptr : aligned_alloc(alignof(Conn), (sizeof(Conn) + 15) & ~size_t{15});
  Sess* s = mem == nullptr ? nullptr : NewSess(info);
  if (s == nullptr) {
    free(mem);
    connections_.Release();
    Refuse(a.socket);
    return PostAccept();
  }
  Conn* c = new (mem) Conn();
  c->sock = a.socket;
  c->event = info.source.connection_event;
  c->origin = next_origin_++;
  if (next_origin_ == 0 || next_origin_ >= ipc_backend::kShellOriginBit) next_origin_ = 1;
  c->sess = s;
  s->conns = 1;
  conns_[i] = c;
  console_.Printf("connect event=%llu (%u open)\n", (unsigned long long)c->event,
                  connections_.used());
  if (tls_ != nullptr && !StartTls(i)) {
    Finish(i, "tls: no memory for the channel");
    Settle();
    return PostAccept();
  }
  Pump(i);
  Settle();
  PostAccept();
}

void Loop::OnRelay(const abi::Cqe& cqe) {
  RelayPool& relays = backend_.relays();
  int k = relays.Complete(cqe);
  if (k < 0) return;
  uint64_t event = relays.event(k);
  for (Sess* s : sess_) {
    if (s != nullptr && s->event == event) {
      Pump(*s);
      return Settle();
    }
  }
  relays.Discard(k);  // its session is gone
}

void Loop::OnOp(const abi::Cqe& cqe) {
  uint32_t before = backend_.live_sessions();
  uint64_t event = backend_.OnOpCqe(cqe);
  if (backend_.live_sessions() != before) LogHeap();
  if (event == 0) return;
  for (Sess* s : sess_) {
    if (s != nullptr && s->event == event) {
      Pump(*s);
      return Settle();
    }
  }
  backend_.Forget(event);  // its session is gone
}

void Loop::Pump(uint32_t i) {
  if (conns_[i] != nullptr && !conns_[i]->dying) Pump(*conns_[i]->sess);
}

void Loop::Settle() {
  for (uint32_t i = 0; i < kSlots; ++i) MaybeFree(i);
}

void Loop::Pump(Sess& s) {
  RelayPool& relays = backend_.relays();
  // Worker answers first: they are older than any frame still buffered.
  // Each may go to any connection of the session, so all need room.
  for (;;) {
    uint64_t now = NowMs();
    if (!AllRoom(s)) break;
    int k = relays.NextDone(s.event);
    if (k >= 0) {
      rs::BackendStatus st;
      rs::Output o;
      if (relays.IsService(k)) {
        uint32_t len = 0;
        uint32_t tag = relays.TakeService(k, &st, service_results, sizeof(service_results), &len);
        o = s.core.CompleteService(tag, st, service_results, len, now, staging_, sizeof(staging_));
      } else {
        uint32_t tag = relays.Take(k, &st, &chat_reply);
        o = s.core.CompleteChat(tag, st, &chat_reply, now, staging_, sizeof(staging_));
      }
      Emit(s, o, -1);
      continue;
    }
    // Reads that waited for terminal output.
    uint32_t tag = 0;
    if (backend_.TakeTerminalRead(s.event, &tag, &terminal_reply)) {
      Emit(s,
           s.core.CompleteTerminal(tag, rs::BackendStatus::kOk, &terminal_reply, now, staging_,
                                   sizeof(staging_)),
           -1);
      continue;
    }
    // Then the answer the busy session waits for (a login, a logout, a
    // worker start, a system text).
    if (backend_.TakeCompletion(s.event, &completion)) {
      Emit(s, s.core.Complete(completion, now, staging_, sizeof(staging_)), -1);
      continue;
    }
    // A shell's request, as the session's own (never while it is busy:
    // answers keep their order).
    rs::Session::Via via;
    const uint8_t* message = nullptr;
    size_t len = 0;
    if (s.core.busy() || !backend_.TakeShellRequest(s.event, &via, &message, &len)) break;
    Emit(s, s.core.HandleFrame(message, len, now, staging_, sizeof(staging_), via), -1);
  }
  for (uint32_t i = 0; i < kSlots; ++i) {
    if (conns_[i] != nullptr && !conns_[i]->dying && conns_[i]->sess == &s) PumpConn(i);
  }
}

void Loop::PumpConn(uint32_t i) {
  Conn& c = *conns_[i];
  for (bool again = true; again && !c.dying;) {
    again = false;
    uint64_t now = NowMs();
    // A held connection neither sends nor takes frames until the hold ends
    // (the deadline timer pumps it again).
    if (c.Held(now)) return;
    // A busy session takes no frames: they wait in `in` (and the socket)
    // until its answer is queued, so responses keep the request order.
    while (!c.closing && !c.Held(now) && !c.sess->core.busy() && c.Room()) {
      now = NowMs();
      rs::FrameStatus st = c.reader.status();
      if (rs::IsTerminal(st)) {
        Emit(*c.sess, c.sess->core.FrameError(st, now, staging_, sizeof(staging_)), int(i));
        c.Close(now);  // the peer may not read it
        break;
      }
      if (c.in_off >= c.in_len && !Decrypt(i)) break;
      {
        rs::StageTimer t(rs::Stage::kRead);
        c.in_off += static_cast<uint32_t>(c.reader.Feed(c.in + c.in_off, c.in_len - c.in_off, now));
      }
      if (c.reader.status() == rs::FrameStatus::kFrame) {
        uint32_t before = backend_.live_sessions();
        rs::Output o =
            c.sess->core.HandleFrame(c.reader.Frame(), c.reader.FrameLength(), now, staging_,
                                     sizeof(staging_), rs::Session::Via{c.origin, false, false});
        c.reader.Next();
        if (o.resume) {
          Join(i);
          return;  // the connection now belongs to another session, which pumps it
        }
        Emit(*c.sess, o, int(i));
        if (backend_.live_sessions() != before) LogHeap();
      }
    }
    if (c.Held(now)) return;
    if (!c.send_posted) PostSend(i);
    if (c.dying) return;
    // With TLS, the next recv waits until mbedTLS took every received byte.
    bool drained_in = c.in_off >= c.in_len && (c.tls == nullptr || c.tls->CipherInEmpty());
    if (!c.closing && !c.recv_posted && drained_in && !PostRecv(i)) again = true;
  }
  if (!c.dying && c.closing && Drained(c) && !c.send_posted) Finish(i, c.close_why);
}

bool Loop::PostRecv(uint32_t i) {
  Conn& c = *conns_[i];
  // No frame started: wait forever. Started: only its remaining time.
  uint64_t deadline = c.reader.DeadlineMs();
  uint32_t timeout = 0;
  if (deadline != 0) {
    uint64_t now = NowMs();
    if (now >= deadline) {
      c.reader.Tick(now);
      return false;
    }
    timeout = static_cast<uint32_t>(deadline - now);
  }
  if (!caprt::tcp::SubmitRecv(c.sock, c.recv_params, sizeof(c.recv_params), c.recv_reply,
                              sizeof(c.recv_reply), kChunk, timeout, Tag(i, kRecv))) {
    Finish(i, "encode recv");
    return true;
  }
  c.recv_posted = true;
  return true;
}

void Loop::OnRecv(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = *conns_[i];
  if (cqe.status == -int32_t(abi::Error::kTimedOut)) {
    c.reader.Tick(NowMs());  // terminal -> Pump answers it; else waits for the rest
    return Pump(i);
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
  const uint8_t* data = c.out + c.out_head;
  uint32_t len = c.Queued();
  if (c.tls != nullptr) {
    Seal(c);
    data = c.tls->CipherOut();
    len = static_cast<uint32_t>(c.tls->CipherOutLen());
  }
  if (len == 0) return;
  c.sent_len = len < kChunk ? len : kChunk;
  if (!caprt::tcp::SubmitSend(c.sock, c.send_params, sizeof(c.send_params), c.send_reply,
                              sizeof(c.send_reply), data, c.sent_len, Tag(i, kSend)))
    return Finish(i, "encode send");
  c.send_posted = true;
  c.send_tsc = rs::Tsc();
}

void Loop::OnSend(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = *conns_[i];
  rs::Stages().Add(rs::Stage::kSend, rs::Tsc() - c.send_tsc);
  // The host went away mid-answer: this connection only.
  if (cqe.status != 0) return Finish(i, "send failed");
  caprt::Result<uint32_t> n = caprt::tcp::DecodeSend(c.send_reply, cqe.result_len);
  if (!n.ok() || n.value() == 0 || n.value() > c.sent_len) return Finish(i, "send reply");
  // A short send: the rest goes with the next one.
  if (c.tls != nullptr) {
    c.tls->CipherSent(n.value());
  } else {
    c.out_head += n.value();
  }
  Pump(i);
}

void Loop::Finish(uint32_t i, const char* why) {
  Conn* c = conns_[i];
  if (c->dying) return;
  c->dying = true;
  if (c->counted) connections_.Release();  // the slot waits for the kernel; the unit does not
  c->counted = false;
  if (c->recv_posted) caprt::async::Cancel(Tag(i, kRecv), Tag(i, kCancel));
  if (c->send_posted) caprt::async::Cancel(Tag(i, kSend), Tag(i, kCancel));
  caprt::tcp::Discard(c->sock);
  console_.Printf("disconnect event=%llu: %s\n", (unsigned long long)c->event, why);
  // Its session ends with it, unless another connection or a live
  // terminal keeps it (sessions.cc).
  Leave(i);
  // Not freed here: callers up the stack still hold the Conn. The loop
  // settles it after the event that got here.
}

void Loop::MaybeFree(uint32_t i) {
  Conn* c = conns_[i];
  if (c == nullptr || !c->dying || c->recv_posted || c->send_posted) return;
  tls_front::FreeChannel(c->tls);
  c->~Conn();
  free(c);
  conns_[i] = nullptr;
  LogHeap();
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
  // A closed connection's ops (cancelled, or raced) only settle it.
  if (!c.dying) op == kRecv ? OnRecv(i, cqe) : OnSend(i, cqe);
  Settle();
}

}  // namespace gateway
