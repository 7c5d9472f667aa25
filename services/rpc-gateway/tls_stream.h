// TLS in front of a connection's TCP stream (services/lib/tls-front's
// Channel), for rpc-gateway when its manifest grants it a keyvault Signer.
// rpc.c++ reads and writes plaintext through it; records cross the inner
// stream. The handshake runs inside the first reads, and its flights are
// written through the same queue as the records, since a kj stream takes
// one write at a time. Whatever was sealed is copied out before it is
// written, so the channel may keep sealing meanwhile.
#pragma once

#include <kj/async-io.h>
#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "mbedtls/ssl.h"
#include "services/lib/tls-front/channel.h"

namespace rpc_gateway {

class TlsStream final : public kj::AsyncIoStream {
 public:
  // `channel` is started (tls_front::NewChannel) and owned from here.
  TlsStream(kj::AsyncIoStream& inner, tls_front::Channel* channel, caprt::Console& console,
            uint64_t event);
  ~TlsStream() noexcept(false);

  kj::Promise<size_t> tryRead(void* buffer, size_t min_bytes, size_t max_bytes) override;
  kj::Promise<void> write(const void* buffer, size_t size) override;
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override;
  kj::Promise<void> whenWriteDisconnected() override;
  void shutdownWrite() override;

 private:
  kj::Promise<size_t> ReadLoop(kj::byte* buffer, size_t min_bytes, size_t max_bytes, size_t done);
  // Seals data[0, len) and writes the records, in as many rounds as room
  // in the channel takes.
  kj::Promise<void> WriteAll(const kj::byte* data, size_t len);
  // Writes what the channel has sealed, after every write queued before.
  kj::Promise<void> Flush();

  kj::AsyncIoStream& inner_;
  tls_front::Channel* channel_;
  caprt::Console& console_;
  uint64_t event_;
  bool told_ = false;  // the handshake's outcome was logged
  kj::ForkedPromise<void> writes_;
  kj::byte cipher_[tls_front::kCipherInBytes];
};

}  // namespace rpc_gateway
