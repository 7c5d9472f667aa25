// The capnp::MessageStream rpc.c++ reads and writes through
// (TwoPartyVatNetwork takes any MessageStream, so nothing upstream is
// patched). Writes pass through in standard framing. Reads are checked:
//
//   - the first word bounds the segment count and the first segment, and
//     the whole table bounds the message, before its body is read or any
//     buffer sized from it;
//   - the whole message then passes CheckMessage (message_check.h);
//   - the peer's open questions (bootstraps and calls without a Finish)
//     stay within maxOpenQuestions;
//   - while more than maxQueuedReplyBytes of answers wait for the peer to
//     read them, no further message is read from it (backpressure).
//
// A refused message fails the read with a fixed reason (VerdictName), so
// rpc.c++ aborts this connection only. Abort() fails the pending read the
// same way from outside (the pre-auth grace period).
#pragma once

#include <capnp/rpc-twoparty.h>
#include <capnp/serialize-async.h>
#include <kj/async-io.h>
#include <stdint.h>

#include "services/rpc-gateway/message_check.h"

namespace rpc_gateway {

class CheckedStream final : public capnp::MessageStream {
 public:
  CheckedStream(kj::AsyncIoStream& inner, const MessageLimits& limits, uint32_t max_open_questions,
                size_t max_queued_bytes);

  // The network whose outgoing queue paces our reads; set once it exists.
  void set_network(capnp::TwoPartyVatNetwork* network) { network_ = network; }
  // Fails the pending read (and every later one) with `reason`.
  void Abort(kj::StringPtr reason);
  // Why the stream stopped reading, or nullptr while it reads.
  const char* refused() const { return refused_; }

  kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> tryReadMessage(
      kj::ArrayPtr<kj::AutoCloseFd> fd_space, capnp::ReaderOptions options,
      kj::ArrayPtr<capnp::word> scratch) override;
  kj::Promise<void> writeMessage(
      kj::ArrayPtr<const int> fds,
      kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) override;
  kj::Promise<void> writeMessages(
      kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) override;
  // Not a kernel socket option we can read: capnp then uses its default
  // flow-control window.
  kj::Maybe<int> getSendBufferSize() override { return nullptr; }
  kj::Promise<void> end() override;

 private:
  // Resolves once the outgoing queue is within its bound.
  kj::Promise<void> Room();
  kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> ReadChecked();
  kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> Refuse(Verdict v);
  kj::Maybe<capnp::MessageReaderAndFds> Accept(kj::Array<capnp::word> words);

  kj::AsyncIoStream& inner_;
  MessageLimits limits_;
  uint32_t max_open_questions_;
  size_t max_queued_bytes_;
  capnp::TwoPartyVatNetwork* network_ = nullptr;
  kj::Canceler canceler_;
  const char* refused_ = nullptr;
  kj::String abort_reason_;
  uint32_t open_questions_ = 0;
  // Fulfilled when a write completes, while a read waits for Room().
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> write_done_;
};

}  // namespace rpc_gateway
