#include "libcaprt/runtime/clients/tcp.h"

#include <stdlib.h>
#include <string.h>

#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/kernel.capnp.h"

namespace caprt::tcp {

namespace S = capos::schema;
namespace L = capos::layout;

// Builders get a first segment sized to the message: the default is an
// 8 KiB calloc, paid on every recv and send of every event loop.
Result<uint32_t> EncodeRecv(void* out, uint32_t cap, uint32_t max, uint32_t timeout_ms) {
  capnp::MallocMessageBuilder b(8);
  auto p = b.initRoot<S::TcpSocket::RecvParams>();
  p.setMaxBytes(max);
  p.setTimeoutMs(timeout_ms);
  Result<size_t> n = SerializeTo(b, out, cap);
  if (!n.ok()) return n.error();
  return static_cast<uint32_t>(n.value());
}

Result<uint32_t> EncodeSend(void* out, uint32_t cap, const void* data, uint32_t len) {
  capnp::MallocMessageBuilder b(len / sizeof(capnp::word) + 8);
  b.initRoot<S::TcpSocket::SendParams>().setData(
      kj::arrayPtr(static_cast<const kj::byte*>(data), len));
  Result<size_t> n = SerializeTo(b, out, cap);
  if (!n.ok()) return n.error();
  return static_cast<uint32_t>(n.value());
}

Result<Received> DecodeRecv(const void* reply, uint32_t len, void* dst, uint32_t dst_cap) {
  Received r{0, false};
  Status s =
      DecodeRoot<S::TcpSocket::RecvResults>(reply, len, [&](S::TcpSocket::RecvResults::Reader res) {
        auto d = res.getData();
        r.len = d.size() < dst_cap ? static_cast<uint32_t>(d.size()) : dst_cap;
        memcpy(dst, d.begin(), r.len);
        r.eof = res.getEof();
      });
  if (!s.ok()) return s.error();
  return r;
}

Result<uint32_t> DecodeSend(const void* reply, uint32_t len) {
  uint32_t n = 0;
  Status s = DecodeRoot<S::TcpSocket::SendResults>(
      reply, len, [&](S::TcpSocket::SendResults::Reader r) { n = r.getAccepted(); });
  if (!s.ok()) return s.error();
  return n;
}

Result<Accepted> DecodeAccept(const void* reply, uint32_t len, uint16_t caps) {
  uint16_t index = 0;
  Accepted a;
  Status s = DecodeRoot<S::TcpListener::AcceptResults>(
      reply, len, [&](S::TcpListener::AcceptResults::Reader r) {
        index = r.getSocketCap();
        a.peer_address = r.getPeerAddress();
        a.peer_port = r.getPeerPort();
      });
  if (!s.ok()) return s.error();
  Result<Cap> sock = ReplyCap(reply, Reply{len, caps}, index);
  if (!sock.ok()) return sock.error();
  a.socket = sock.value();
  return a;
}

Result<Cap> Listen(const Cap& authority, uint16_t port, uint32_t backlog) {
  capnp::MallocMessageBuilder b(8);
  auto p = b.initRoot<S::TcpListenAuthority::ListenParams>();
  p.setPort(port);
  p.setBacklog(backlog);
  alignas(8) uint8_t params[64];
  Result<size_t> n = SerializeTo(b, params, sizeof(params));
  if (!n.ok()) return n.error();
  alignas(8) uint64_t reply[8];
  Result<Reply> r = CallWith(authority, L::TcpListenAuthority::kListen, params,
                             static_cast<uint32_t>(n.value()), reply, sizeof(reply));
  if (!r.ok()) return r.error();
  uint16_t index = 0;
  Status s = DecodeRoot<S::TcpListenAuthority::ListenResults>(
      reply, r.value().len,
      [&](S::TcpListenAuthority::ListenResults::Reader res) { index = res.getListenerCap(); });
  if (!s.ok()) return s.error();
  return ReplyCap(reply, r.value(), index);
}

Result<Cap> Accept(const Cap& listener) {
  alignas(8) uint64_t reply[8];
  Result<Reply> r = CallWith(listener, L::TcpListener::kAccept, nullptr, 0, reply, sizeof(reply));
  if (!r.ok()) return r.error();
  Result<Accepted> a = DecodeAccept(reply, r.value().len, r.value().caps);
  if (!a.ok()) return a.error();
  return a.value().socket;
}

Result<Received> Recv(const Cap& socket, void* buf, uint32_t max, uint32_t timeout_ms) {
  alignas(8) uint8_t params[64];
  Result<uint32_t> n = EncodeRecv(params, sizeof(params), max, timeout_ms);
  if (!n.ok()) return n.error();
  uint32_t reply_cap = max + 64;
  void* reply = malloc(reply_cap);
  if (!reply) return Error::kNoMemory;
  Result<Reply> r = CallWith(socket, L::TcpSocket::kRecv, params, n.value(), reply, reply_cap);
  Result<Received> out =
      r.ok() ? DecodeRecv(reply, r.value().len, buf, max) : Result<Received>(r.error());
  free(reply);
  return out;
}

Result<uint32_t> Send(const Cap& socket, const void* data, uint32_t len) {
  uint32_t cap = len + 64;
  void* params = malloc(cap);
  if (!params) return Error::kNoMemory;
  Result<uint32_t> n = EncodeSend(params, cap, data, len);
  Result<uint32_t> out = Error::kNoMemory;
  if (n.ok()) {
    alignas(8) uint64_t reply[4];
    Result<Reply> r =
        CallWith(socket, L::TcpSocket::kSend, params, n.value(), reply, sizeof(reply));
    out = r.ok() ? DecodeSend(reply, r.value().len) : Result<uint32_t>(r.error());
  } else {
    out = n.error();
  }
  free(params);
  return out;
}

Status SendAll(const Cap& socket, const void* data, uint32_t len) {
  auto* p = static_cast<const uint8_t*>(data);
  while (len) {
    uint32_t chunk = len > 32768 ? 32768 : len;
    Result<uint32_t> n = Send(socket, p, chunk);
    if (!n.ok()) return n.error();
    p += n.value();
    len -= n.value();
  }
  return Status();
}

Status Shutdown(const Cap& socket, bool read, bool write) {
  capnp::MallocMessageBuilder b(8);
  auto p = b.initRoot<S::TcpSocket::ShutdownParams>();
  p.setRead(read);
  p.setWrite(write);
  alignas(8) uint8_t params[64];
  Result<size_t> n = SerializeTo(b, params, sizeof(params));
  if (!n.ok()) return n.error();
  Result<uint32_t> r =
      Call(socket, L::TcpSocket::kShutdown, params, static_cast<uint32_t>(n.value()), nullptr, 0);
  return r.ok() ? Status() : Status(r.error());
}

Status Close(const Cap& socket) {
  Result<uint32_t> r = Call(socket, L::TcpSocket::kClose, nullptr, 0, nullptr, 0);
  return r.ok() ? Status() : Status(r.error());
}

bool SubmitRecv(const Cap& socket, void* params, uint32_t params_cap, void* reply,
                uint32_t reply_cap, uint32_t max, uint32_t timeout_ms, uint64_t user_data) {
  Result<uint32_t> n = EncodeRecv(params, params_cap, max, timeout_ms);
  if (!n.ok()) return false;
  async::Submit(
      CallSqe(socket, L::TcpSocket::kRecv, params, n.value(), reply, reply_cap, user_data));
  return true;
}

bool SubmitSend(const Cap& socket, void* params, uint32_t params_cap, void* reply,
                uint32_t reply_cap, const void* data, uint32_t len, uint64_t user_data) {
  Result<uint32_t> n = EncodeSend(params, params_cap, data, len);
  if (!n.ok()) return false;
  async::Submit(
      CallSqe(socket, L::TcpSocket::kSend, params, n.value(), reply, reply_cap, user_data));
  return true;
}

void Discard(const Cap& socket) {
  Shutdown(socket, false, true);
  Close(socket);
  Release(socket);
}

}  // namespace caprt::tcp
