// kj's byte streams over the kernel's TCP caps: an AsyncIoStream over a
// TcpSocket and a ConnectionReceiver over a TcpListener, every operation
// one CALL through the RingPort (which owns its buffers until its CQE, so a
// cancelled read never lets the kernel write into freed memory).
#pragma once

#include <kj/async-io.h>
#include <stdint.h>

#include "libcaprt/runtime/ring.h"
#include "services/rpc-gateway/ring_port.h"

namespace rpc_gateway {

class TcpStream final : public kj::AsyncIoStream {
 public:
  // Bytes asked of one recv and given to one send: bounds each op's buffers.
  static constexpr uint32_t kChunkBytes = 16384;

  TcpStream(RingPort& port, const caprt::Cap& socket, uint32_t peer_address);
  // Our FIN, the close and the cap's release: direct calls to a kernel
  // object, answered inside cap_enter. Ops still in flight were cancelled
  // when their promises went.
  ~TcpStream() noexcept(false);

  uint32_t peer_address() const { return peer_address_; }

  kj::Promise<size_t> tryRead(void* buffer, size_t min_bytes, size_t max_bytes) override;
  kj::Promise<void> write(const void* buffer, size_t size) override;
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override;
  // The kernel reports a reset only to a recv or send; rpc.c++ learns of it
  // from the read side, so this never resolves.
  kj::Promise<void> whenWriteDisconnected() override;
  void shutdownWrite() override;

 private:
  // One recv of at most `max` bytes into buffer[0, max): how many came
  // (0 = the peer's FIN).
  kj::Promise<size_t> RecvOnce(kj::byte* buffer, size_t max);
  kj::Promise<size_t> ReadLoop(kj::byte* buffer, size_t min_bytes, size_t max_bytes, size_t done);
  // Sends data[0, len) (copied into the op), looping over partial accepts.
  kj::Promise<void> SendAll(const kj::byte* data, size_t len);

  RingPort& port_;
  caprt::Cap socket_;
  uint32_t peer_address_;
  bool write_shut_ = false;
};

class TcpReceiver final : public kj::ConnectionReceiver {
 public:
  TcpReceiver(RingPort& port, const caprt::Cap& listener, uint16_t port_number);

  // The next connection, as a TcpStream (peer_address() from the kernel's
  // TCP state). Accepts that fail for want of memory are retried.
  kj::Promise<kj::Own<TcpStream>> AcceptTcp();
  kj::Promise<kj::Own<kj::AsyncIoStream>> accept() override;
  kj::uint getPort() override { return port_number_; }

 private:
  RingPort& port_;
  caprt::Cap listener_;
  uint16_t port_number_;
};

}  // namespace rpc_gateway
