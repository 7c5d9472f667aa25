#include "services/rpc-gateway/checked_stream.h"

#include <capnp/serialize.h>
#include <kj/debug.h>
#include <string.h>

namespace rpc_gateway {
namespace {

kj::Exception Refused(const char* reason) {
  // Built directly so the description is the fixed reason alone: it is
  // what rpc.c++ puts in the Abort the peer receives.
  return kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::heapString(reason));
}

}  // namespace

CheckedStream::CheckedStream(kj::AsyncIoStream& inner, const MessageLimits& limits,
                             uint32_t max_open_questions, size_t max_queued_bytes)
    : inner_(inner),
      limits_(limits),
      max_open_questions_(max_open_questions),
      max_queued_bytes_(max_queued_bytes) {}

void CheckedStream::Abort(kj::StringPtr reason) {
  if (refused_ == nullptr) {
    abort_reason_ = kj::heapString(reason);
    refused_ = abort_reason_.cStr();
  }
  canceler_.cancel(Refused(refused_));
}

kj::Promise<void> CheckedStream::Room() {
  if (network_ == nullptr || network_->getCurrentQueueSize() <= max_queued_bytes_) {
    return kj::READY_NOW;
  }
  auto paf = kj::newPromiseAndFulfiller<void>();
  write_done_ = kj::mv(paf.fulfiller);
  // The network counts a message out only after its write's promise is
  // done with, so look again once everything queued has run.
  return paf.promise.then([this]() { return kj::evalLast([this]() { return Room(); }); });
}

kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> CheckedStream::tryReadMessage(
    kj::ArrayPtr<kj::AutoCloseFd>, capnp::ReaderOptions, kj::ArrayPtr<capnp::word>) {
  if (refused_ != nullptr) return Refused(refused_);
  return canceler_.wrap(Room().then([this]() { return ReadChecked(); }));
}

kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> CheckedStream::Refuse(Verdict v) {
  refused_ = VerdictName(v);
  return Refused(refused_);
}

kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> CheckedStream::ReadChecked() {
  auto first = kj::heapArray<capnp::word>(1);
  kj::byte* at = reinterpret_cast<kj::byte*>(first.begin());
  return inner_.tryRead(at, 8, 8).then([this, first = kj::mv(first)](size_t n) mutable
                                       -> kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> {
    if (n == 0) return kj::Maybe<capnp::MessageReaderAndFds>(nullptr);  // clean EOF
    if (n < 8) return KJ_EXCEPTION(DISCONNECTED, "EOF inside a message");
    uint32_t segments = 0, rest = 0;
    const uint8_t* head = reinterpret_cast<const uint8_t*>(first.begin());
    Verdict v = CheckFirstWord(head, limits_, &segments, &rest);
    if (v != Verdict::kOk) return Refuse(v);
    // The table is read into the message's own buffer once its size is
    // known; until then a small one holds it.
    auto table = kj::heapArray<capnp::word>(1 + rest / 8);
    memcpy(table.begin(), first.begin(), 8);
    kj::byte* tail = reinterpret_cast<kj::byte*>(table.begin() + 1);
    kj::Promise<void> read_rest = rest == 0 ? kj::READY_NOW : inner_.read(tail, rest);
    return read_rest.then(
        [this, segments,
         table = kj::mv(table)]() mutable -> kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> {
          uint64_t words = 0;
          const uint8_t* t = reinterpret_cast<const uint8_t*>(table.begin());
          Verdict v = CheckTable(t, segments, limits_, &words);
          if (v != Verdict::kOk) return Refuse(v);
          auto message = kj::heapArray<capnp::word>(words);
          memcpy(message.begin(), table.begin(), table.size() * sizeof(capnp::word));
          size_t body = (words - table.size()) * sizeof(capnp::word);
          kj::byte* into = reinterpret_cast<kj::byte*>(message.begin() + table.size());
          kj::Promise<void> read_body = body == 0 ? kj::READY_NOW : inner_.read(into, body);
          return read_body.then([this, message = kj::mv(message)]() mutable
                                -> kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> {
            MessageKind kind = MessageKind::kOther;
            Verdict v =
                CheckMessage(message.begin(), message.size() * sizeof(capnp::word), limits_, &kind);
            if (v != Verdict::kOk) return Refuse(v);
            if (kind == MessageKind::kQuestion && ++open_questions_ > max_open_questions_) {
              return Refuse(Verdict::kTooManyQuestions);
            }
            if (kind == MessageKind::kFinish && open_questions_ > 0) --open_questions_;
            return Accept(kj::mv(message));
          });
        });
  });
}

kj::Maybe<capnp::MessageReaderAndFds> CheckedStream::Accept(kj::Array<capnp::word> words) {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = limits_.traversal_words;
  options.nestingLimit = limits_.nesting_depth;
  kj::ArrayPtr<const capnp::word> view = words;
  kj::Own<capnp::MessageReader> reader =
      kj::heap<capnp::FlatArrayMessageReader>(view, options).attach(kj::mv(words));
  return capnp::MessageReaderAndFds{kj::mv(reader), nullptr};
}

kj::Promise<void> CheckedStream::writeMessage(
    kj::ArrayPtr<const int>, kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) {
  return capnp::writeMessage(inner_, segments).then([this]() {
    KJ_IF_MAYBE (done, write_done_) {
      (*done)->fulfill();
      write_done_ = nullptr;
    }
  });
}

kj::Promise<void> CheckedStream::writeMessages(
    kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) {
  return capnp::writeMessages(inner_, messages).then([this]() {
    KJ_IF_MAYBE (done, write_done_) {
      (*done)->fulfill();
      write_done_ = nullptr;
    }
  });
}

kj::Promise<void> CheckedStream::end() {
  inner_.shutdownWrite();
  return kj::READY_NOW;
}

}  // namespace rpc_gateway
