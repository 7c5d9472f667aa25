#include "services/echo/conn.h"

#include <string.h>

#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/interfaces.h"

namespace echo {
namespace {

namespace L = capos::layout;
// user_data: the op in the low byte, the connection index above it; always
// below caprt::Ring::kRuntimeUserData, so never a runtime call's tag.
// Regression: after 85 connections (3 synchronous calls each) the runtime's
// counter used to reach these values and closed an unrelated connection.
constexpr uint64_t kAccept = 1, kRecv = 2, kSend = 3;
uint64_t Tag(uint32_t i, uint64_t op) {
  return (uint64_t(i + 1) << 8) | op;
}

}  // namespace

void Loop::PostAccept() {
  caprt::async::Submit(caprt::CallSqe(listener_, L::TcpListener::kAccept, nullptr, 0, accept_reply_,
                                      sizeof(accept_reply_), Tag(0xffffff, kAccept)));
}

void Loop::PostRecv(uint32_t i) {
  Conn& c = conns_[i];
  if (!caprt::tcp::SubmitRecv(c.sock, c.params, sizeof(c.params), c.reply, sizeof(c.reply), kChunk,
                              kIdleMs, Tag(i, kRecv)))
    return Finish(i, false);
}

void Loop::PostSend(uint32_t i) {
  Conn& c = conns_[i];
  if (!caprt::tcp::SubmitSend(c.sock, c.params, sizeof(c.params), c.reply, sizeof(c.reply),
                              c.data + c.off, c.len, Tag(i, kSend)))
    return Finish(i, false);
}

void Loop::Finish(uint32_t i, bool graceful) {
  Conn& c = conns_[i];
  if (graceful) caprt::tcp::Shutdown(c.sock, false, true);
  caprt::tcp::Close(c.sock);
  caprt::Release(c.sock);
  c.used = false;
  --live_;
}

void Loop::OnAccept(const abi::Cqe& cqe) {
  if (cqe.status == 0) {
    caprt::Result<caprt::tcp::Accepted> accepted =
        caprt::tcp::DecodeAccept(accept_reply_, cqe.result_len, uint16_t(cqe.aux));
    if (accepted.ok()) {
      const caprt::Cap sock = accepted.value().socket;
      uint32_t i = 0;
      while (i < kMaxConns && conns_[i].used) ++i;
      if (i == kMaxConns) {
        // Bounded: a connection beyond the table is closed, not queued.
        caprt::tcp::Close(sock);
        caprt::Release(sock);
      } else {
        Conn& c = conns_[i];
        c.used = true;
        c.sock = sock;
        c.eof = false;
        c.len = c.off = 0;
        ++live_;
        ++served_;
        PostRecv(i);
      }
    }
  }
  PostAccept();
}

void Loop::OnRecv(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = conns_[i];
  if (cqe.status == -int32_t(caprt::Error::kTimedOut)) {
    console_->Printf("reaped a connection idle for %u ms\n", kIdleMs);
    return Finish(i, false);
  }
  if (cqe.status != 0) return Finish(i, false);  // reset or closed
  caprt::Result<caprt::tcp::Received> r =
      caprt::tcp::DecodeRecv(c.reply, cqe.result_len, c.data, kChunk);
  if (!r.ok()) return Finish(i, false);
  if (r.value().eof) return Finish(i, true);  // nothing pending: half-close done
  c.off = 0;
  c.len = r.value().len;
  PostSend(i);
}

void Loop::OnSend(uint32_t i, const abi::Cqe& cqe) {
  Conn& c = conns_[i];
  if (cqe.status != 0) return Finish(i, false);
  caprt::Result<uint32_t> n = caprt::tcp::DecodeSend(c.reply, cqe.result_len);
  if (!n.ok() || n.value() > c.len) return Finish(i, false);
  c.off += n.value();
  c.len -= n.value();
  if (c.len) return PostSend(i);  // backpressure: send the rest when there is room
  PostRecv(i);
}

caprt::Error Loop::Run(const caprt::Cap& listener, caprt::Console& console) {
  listener_ = listener;
  console_ = &console;
  PostAccept();
  caprt::Ring& ring = caprt::DefaultRing();
  for (;;) {
    abi::Cqe cqe;
    if (!ring.Pop(&cqe)) {
      int64_t n = ring.Enter(1, abi::kWaitForever);
      if (n < 0) return caprt::ErrorFromStatus(static_cast<int32_t>(n));
      continue;
    }
    if (cqe.user_data & caprt::Ring::kRuntimeUserData) continue;  // a late sync completion
    uint64_t op = cqe.user_data & 0xff;
    uint32_t i = static_cast<uint32_t>((cqe.user_data >> 8) - 1);
    if (op == kAccept) {
      if (cqe.status != 0 && cqe.status != -int32_t(caprt::Error::kNoMemory)) {
        return caprt::ErrorFromStatus(cqe.status);
      }
      OnAccept(cqe);
    } else if (i < kMaxConns && conns_[i].used) {
      op == kRecv ? OnRecv(i, cqe) : OnSend(i, cqe);
    }
  }
}

}  // namespace echo
