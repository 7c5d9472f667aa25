#include "services/rpc-gateway/tcp_stream.h"

#include <kj/debug.h>
#include <string.h>

#include "layout/kernel.capnp.layout.h"
#include "libcaprt/runtime/clients/tcp.h"
#include "libcaprt/runtime/result.h"

namespace rpc_gateway {
namespace {

namespace L = capos::layout;

// Room for a recv's or send's params and results around their data: the
// message header, the root struct and the Data pointer's padding.
constexpr uint32_t kFramingBytes = 64;

kj::Exception Failed(const char* what, int32_t status) {
  return KJ_EXCEPTION(DISCONNECTED, what, caprt::ErrorName(caprt::ErrorFromStatus(status)));
}

}  // namespace

TcpStream::TcpStream(RingPort& port, const caprt::Cap& socket, uint32_t peer_address)
    : port_(port), socket_(socket), peer_address_(peer_address) {}

TcpStream::~TcpStream() noexcept(false) {
  caprt::tcp::Discard(socket_);
}

kj::Promise<size_t> TcpStream::RecvOnce(kj::byte* buffer, size_t max) {
  auto params = kj::heapArray<kj::byte>(kFramingBytes);
  caprt::Result<uint32_t> n =
      caprt::tcp::EncodeRecv(params.begin(), kFramingBytes, static_cast<uint32_t>(max), 0);
  if (!n.ok()) return KJ_EXCEPTION(FAILED, "tcp recv params");
  return port_
      .Call(socket_, L::TcpSocket::kRecv, kj::mv(params), n.value(),
            static_cast<uint32_t>(max) + kFramingBytes)
      .then([buffer, max](Completion c) -> kj::Promise<size_t> {
        if (c.status != 0) return Failed("tcp recv", c.status);
        caprt::Result<caprt::tcp::Received> r =
            caprt::tcp::DecodeRecv(c.reply.begin(), c.len, buffer, static_cast<uint32_t>(max));
        if (!r.ok()) return KJ_EXCEPTION(FAILED, "tcp recv reply");
        return size_t(r.value().eof ? 0 : r.value().len);
      });
}

kj::Promise<size_t> TcpStream::ReadLoop(kj::byte* buffer, size_t min_bytes, size_t max_bytes,
                                        size_t done) {
  size_t want = max_bytes - done;
  if (want > kChunkBytes) want = kChunkBytes;
  return RecvOnce(buffer + done, want)
      .then([this, buffer, min_bytes, max_bytes, done](size_t n) -> kj::Promise<size_t> {
        size_t total = done + n;
        if (n == 0 || total >= min_bytes || total == max_bytes) return total;
        return ReadLoop(buffer, min_bytes, max_bytes, total);
      });
}

kj::Promise<size_t> TcpStream::tryRead(void* buffer, size_t min_bytes, size_t max_bytes) {
  if (max_bytes == 0) return size_t(0);
  return ReadLoop(static_cast<kj::byte*>(buffer), min_bytes, max_bytes, 0);
}

kj::Promise<void> TcpStream::SendAll(const kj::byte* data, size_t len) {
  if (len == 0) return kj::READY_NOW;
  uint32_t chunk = len > kChunkBytes ? kChunkBytes : static_cast<uint32_t>(len);
  auto params = kj::heapArray<kj::byte>(chunk + kFramingBytes);
  caprt::Result<uint32_t> n =
      caprt::tcp::EncodeSend(params.begin(), chunk + kFramingBytes, data, chunk);
  if (!n.ok()) return KJ_EXCEPTION(FAILED, "tcp send params");
  return port_.Call(socket_, L::TcpSocket::kSend, kj::mv(params), n.value(), kFramingBytes)
      .then([this, data, len, chunk](Completion c) -> kj::Promise<void> {
        if (c.status != 0) return Failed("tcp send", c.status);
        caprt::Result<uint32_t> taken = caprt::tcp::DecodeSend(c.reply.begin(), c.len);
        // The kernel waits until at least one byte fits; zero or more than
        // was offered is a reply we cannot trust.
        if (!taken.ok() || taken.value() == 0 || taken.value() > chunk) {
          return KJ_EXCEPTION(FAILED, "tcp send reply");
        }
        return SendAll(data + taken.value(), len - taken.value());
      });
}

kj::Promise<void> TcpStream::write(const void* buffer, size_t size) {
  if (write_shut_) return KJ_EXCEPTION(DISCONNECTED, "write after shutdown");
  return SendAll(static_cast<const kj::byte*>(buffer), size);
}

kj::Promise<void> TcpStream::write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) {
  if (write_shut_) return KJ_EXCEPTION(DISCONNECTED, "write after shutdown");
  // One contiguous copy, so a message's segment table and segments go out
  // in as few sends as the window allows rather than one per piece.
  size_t total = 0;
  for (auto& p : pieces) total += p.size();
  auto flat = kj::heapArray<kj::byte>(total);
  size_t at = 0;
  for (auto& p : pieces) {
    if (p.size() != 0) memcpy(flat.begin() + at, p.begin(), p.size());
    at += p.size();
  }
  const kj::byte* data = flat.begin();
  return SendAll(data, total).attach(kj::mv(flat));
}

kj::Promise<void> TcpStream::whenWriteDisconnected() {
  return kj::NEVER_DONE;
}

void TcpStream::shutdownWrite() {
  if (write_shut_) return;
  write_shut_ = true;
  caprt::tcp::Shutdown(socket_, false, true);
}

TcpReceiver::TcpReceiver(RingPort& port, const caprt::Cap& listener, uint16_t port_number)
    : port_(port), listener_(listener), port_number_(port_number) {}

kj::Promise<kj::Own<TcpStream>> TcpReceiver::AcceptTcp() {
  constexpr uint32_t kReplyBytes = 128;  // the results and one CapDescriptor
  return port_.Call(listener_, L::TcpListener::kAccept, nullptr, 0, kReplyBytes)
      .then([this](Completion c) -> kj::Promise<kj::Own<TcpStream>> {
        // A full accept queue or memory is the client's problem, not ours.
        if (c.status == -int32_t(abi::Error::kNoMemory) ||
            c.status == -int32_t(abi::Error::kBusy)) {
          return AcceptTcp();
        }
        if (c.status != 0) return Failed("tcp accept", c.status);
        caprt::Result<caprt::tcp::Accepted> a =
            caprt::tcp::DecodeAccept(c.reply.begin(), c.len, static_cast<uint16_t>(c.aux));
        if (!a.ok()) return AcceptTcp();
        return kj::heap<TcpStream>(port_, a.value().socket, a.value().peer_address);
      });
}

kj::Promise<kj::Own<kj::AsyncIoStream>> TcpReceiver::accept() {
  return AcceptTcp().then(
      [](kj::Own<TcpStream> s) -> kj::Own<kj::AsyncIoStream> { return kj::mv(s); });
}

}  // namespace rpc_gateway
