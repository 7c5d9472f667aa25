// rpc-probe's push steps (Chat.subscribe): a ChatReceiver implemented
// here, in the client, that prints each push as it arrives with the wall
// clock (at_ms), so a proof can set a push against the `stamp` another
// probe printed just before its send.
//
//   subscribe SINCE        Chat.subscribe with a receiver that returns at once
//                          (SINCE "latest": the room's newest seq, by a poll)
//   subscribe-stuck SINCE  ... with one that never returns from `messages`
//   listen N S             runs the event loop until N more messages were
//                          pushed or S seconds passed
//   release                drops every Subscription this probe holds
//   stamp                  prints the wall clock
#include <kj/debug.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tools/rpc-probe/steps.h"

namespace rpcprobe {
namespace {

namespace rpc = capos::rpc;

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Receiver final : public rpc::ChatReceiver::Server {
 public:
  Receiver(unsigned* pushed, bool stuck) : pushed_(pushed), stuck_(stuck) {}

 protected:
  kj::Promise<void> messages(MessagesContext context) override {
    auto p = context.getParams();
    long long at = NowMs();
    for (auto m : p.getMessages()) {
      std::printf("pushed%s seq=%llu from=%s text=%s truncated=%d at_ms=%lld\n",
                  stuck_ ? "-stuck" : "", (unsigned long long)m.getSeq(), m.getFrom().cStr(),
                  m.getText().cStr(), p.getTruncated() ? 1 : 0, at);
      ++*pushed_;
    }
    std::fflush(stdout);
    // The acknowledgement the gateway waits for before its next push.
    if (stuck_) return kj::NEVER_DONE;
    return kj::READY_NOW;
  }
  kj::Promise<void> ended(EndedContext context) override {
    std::printf("ended code=%s at_ms=%lld\n", Name(context.getParams().getCode()).c_str(), NowMs());
    std::fflush(stdout);
    return kj::READY_NOW;
  }

 private:
  unsigned* pushed_;
  bool stuck_;
};

}  // namespace

bool Probe::PushStep(const std::string& s, const std::function<std::string()>& next) {
  if (s == "subscribe" || s == "subscribe-stuck") {
    auto req = Cap<rpc::Chat>("chat").subscribeRequest();
    req.setReceiver(kj::heap<Receiver>(&pushed_, s == "subscribe-stuck"));
    // "latest": from the room's newest message (a poll first), so only
    // what is sent from now on is pushed.
    std::string since = next();
    uint64_t seq = std::strtoull(since.c_str(), nullptr, 10);
    if (since == "latest") {
      auto poll = Cap<rpc::Chat>("chat").pollRequest();
      poll.setSinceSeq(UINT64_MAX);
      seq = Wait(poll.send()).getLatestSeq();
    }
    req.setSinceSeq(seq);
    auto r = Wait(req.send());
    bool has = r.hasSubscription();
    if (has) subscriptions_.push_back(r.getSubscription());
    std::printf("%s status=%s subscription=%s\n", s.c_str(), Name(r.getStatus()).c_str(),
                has ? "yes" : "none");
  } else if (s == "listen") {
    unsigned want = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
    unsigned secs = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
    unsigned start = pushed_;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(secs);
    auto& timer = client_.getIoProvider().getTimer();
    while (pushed_ - start < want && std::chrono::steady_clock::now() < deadline) {
      timer.afterDelay(5 * kj::MILLISECONDS).wait(client_.getWaitScope());
    }
    std::printf("listen pushed=%u\n", pushed_ - start);
  } else if (s == "release") {
    std::printf("release %zu\n", subscriptions_.size());
    subscriptions_.clear();
  } else if (s == "stamp") {
    std::printf("stamp at_ms=%lld\n", NowMs());
  } else {
    return false;
  }
  return true;
}

}  // namespace rpcprobe
