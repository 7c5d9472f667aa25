#include "services/rpc-gateway/tls_stream.h"

#include <kj/debug.h>

#include "services/lib/tls-front/custody.h"
#include "services/lib/tls-front/front_glue.h"

namespace rpc_gateway {

using State = tls_front::Channel::State;

TlsStream::TlsStream(kj::AsyncIoStream& inner, tls_front::Channel* channel, caprt::Console& console,
                     uint64_t event)
    : inner_(inner),
      channel_(channel),
      console_(console),
      event_(event),
      writes_(kj::Promise<void>(kj::READY_NOW).fork()) {}

TlsStream::~TlsStream() noexcept(false) {
  tls_front::FreeChannel(channel_);
}

kj::Promise<void> TlsStream::Flush() {
  writes_ = writes_.addBranch()
                .then([this]() -> kj::Promise<void> {
                  size_t n = channel_->CipherOutLen();
                  if (n == 0) return kj::READY_NOW;
                  auto bytes = kj::heapArray<kj::byte>(channel_->CipherOut(), n);
                  channel_->CipherSent(n);
                  auto sent = inner_.write(bytes.begin(), bytes.size());
                  return sent.attach(kj::mv(bytes));
                })
                .fork();
  return writes_.addBranch();
}

kj::Promise<size_t> TlsStream::ReadLoop(kj::byte* buffer, size_t min_bytes, size_t max_bytes,
                                        size_t done) {
  while (done < min_bytes) {
    State before = channel_->state();
    int n = channel_->ReadPlain(buffer + done, max_bytes - done);
    if (!told_ && before == State::kHandshake && channel_->state() == State::kOpen) {
      told_ = true;
      console_.Printf("rpc-gateway: tls connection %llu: %s\n", (unsigned long long)event_,
                      channel_->Version());
      tls_front::custody::AfterHandshake();
    }
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0) {
      if (channel_->state() == State::kFailed && !told_) {
        told_ = true;
        console_.Printf("rpc-gateway: tls connection %llu: %s (-0x%04x)\n",
                        (unsigned long long)event_, channel_->Why(), unsigned(-channel_->error()));
      }
      // The alert, if any, goes out; then rpc.c++ sees the end of the stream.
      return Flush().then([done]() { return done; });
    }
    // The handshake wrote a flight: send it, then try again (it may have
    // stopped for room, not for input).
    if (channel_->CipherOutLen() != 0) {
      return Flush().then([this, buffer, min_bytes, max_bytes, done]() {
        return ReadLoop(buffer, min_bytes, max_bytes, done);
      });
    }
    // Nothing until more ciphertext.
    return kj::Promise<void>(kj::READY_NOW)
        .then([this]() { return inner_.tryRead(cipher_, 1, sizeof(cipher_)); })
        .then([this, buffer, min_bytes, max_bytes, done](size_t got) -> kj::Promise<size_t> {
          if (got == 0) return done;  // the peer's FIN
          channel_->PutCipher(cipher_, got);
          return ReadLoop(buffer, min_bytes, max_bytes, done);
        });
  }
  return done;
}

kj::Promise<size_t> TlsStream::tryRead(void* buffer, size_t min_bytes, size_t max_bytes) {
  if (max_bytes == 0) return size_t(0);
  if (min_bytes == 0) min_bytes = 1;
  return ReadLoop(static_cast<kj::byte*>(buffer), min_bytes, max_bytes, 0);
}

kj::Promise<void> TlsStream::WriteAll(const kj::byte* data, size_t len) {
  if (len == 0) return kj::READY_NOW;
  if (channel_->state() != State::kOpen) {
    return KJ_EXCEPTION(DISCONNECTED, "tls channel not open");
  }
  uint32_t n = tls_front::Seal(*channel_, data, static_cast<uint32_t>(len));
  if (n == 0 && channel_->CipherOutLen() == 0) {
    return KJ_EXCEPTION(DISCONNECTED, "tls channel failed");
  }
  // What did not fit is sealed once the records before it went out.
  return Flush().then([this, data, len, n]() { return WriteAll(data + n, len - n); });
}

kj::Promise<void> TlsStream::write(const void* buffer, size_t size) {
  return WriteAll(static_cast<const kj::byte*>(buffer), size);
}

kj::Promise<void> TlsStream::write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) {
  if (pieces.size() == 0) return kj::READY_NOW;
  return WriteAll(pieces[0].begin(), pieces[0].size()).then([this, pieces]() {
    return write(pieces.slice(1, pieces.size()));
  });
}

kj::Promise<void> TlsStream::whenWriteDisconnected() {
  return inner_.whenWriteDisconnected();
}

void TlsStream::shutdownWrite() {
  inner_.shutdownWrite();
}

}  // namespace rpc_gateway
