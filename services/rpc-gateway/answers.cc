#include "services/rpc-gateway/answers.h"

namespace rpc_gateway {

kj::Exception StaleSession() {
  return kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                       kj::heapString("staleSession"));
}

kj::Promise<kj::Own<Turns::Turn>> Turns::Next() {
  if (!taken_ && waiting() == 0 && ready_()) {
    taken_ = true;
    return kj::heap<Turn>(*this);
  }
  auto paf = kj::newPromiseAndFulfiller<kj::Own<Turn>>();
  waiters_.add(kj::mv(paf.fulfiller));
  return kj::mv(paf.promise);
}

void Turns::Wake() {
  while (!taken_ && waiting() != 0 && ready_()) {
    kj::Own<kj::PromiseFulfiller<kj::Own<Turn>>> next = kj::mv(waiters_[head_++]);
    if (head_ == waiters_.size()) {
      waiters_.clear();
      head_ = 0;
    }
    // A caller that went away (its call was cancelled) passes its turn on.
    if (!next->isWaiting()) continue;
    taken_ = true;
    next->fulfill(kj::heap<Turn>(*this));
  }
}

void Turns::Done() {
  taken_ = false;
  Wake();
}

kj::Promise<CoreAnswer> Answers::Expect(uint32_t origin, kj::Maybe<kj::Own<Grant>> grant) {
  auto paf = kj::newPromiseAndFulfiller<CoreAnswer>();
  waiters_.add(Waiter{origin, kj::mv(grant), kj::mv(paf.fulfiller)});
  return kj::mv(paf.promise);
}

void Answers::Remove(size_t i) {
  if (i + 1 != waiters_.size()) waiters_[i] = kj::mv(waiters_.back());
  waiters_.removeLast();
}

bool Answers::Deliver(uint32_t origin, CoreAnswer&& answer) {
  for (size_t i = 0; i < waiters_.size(); ++i) {
    if (waiters_[i].origin != origin) continue;
    kj::Own<kj::PromiseFulfiller<CoreAnswer>> f = kj::mv(waiters_[i].fulfiller);
    Remove(i);
    if (!f->isWaiting()) return false;
    f->fulfill(kj::mv(answer));
    return true;
  }
  return false;
}

uint32_t Answers::RejectRevoked() {
  uint32_t n = 0;
  for (size_t i = 0; i < waiters_.size();) {
    bool revoked = false;
    KJ_IF_MAYBE (g, waiters_[i].grant) {
      revoked = !(*g)->live();
    }
    if (!revoked) {
      ++i;
      continue;
    }
    kj::Own<kj::PromiseFulfiller<CoreAnswer>> f = kj::mv(waiters_[i].fulfiller);
    Remove(i);
    f->reject(StaleSession());
    ++n;
  }
  return n;
}

}  // namespace rpc_gateway
