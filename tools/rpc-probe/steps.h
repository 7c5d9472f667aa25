// rpc-probe's steps: each one call (or a short chain) on the connection's
// Gateway, the Session of the last login, its CapSet, or a typed cap a
// `get` stored under its entry name. One line per answer, words the
// proofs match on; texts escaped (\n, \\) so a line stays a line.
#ifndef TOOLS_RPC_PROBE_STEPS_H_
#define TOOLS_RPC_PROBE_STEPS_H_

#include <capnp/schema.h>
#include <kj/async-io.h>
#include <kj/debug.h>
#include "tools/rpc-link/rpc_link.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "schema/remote_rpc.capnp.h"

namespace rpcprobe {

// Whether every step is known and has its arguments.
bool Valid(const std::vector<std::string>& steps);
const char* StepHelp();

class Probe {
 public:
  Probe(rpclink::RpcLink& client, unsigned timeout_s);
  // Runs the steps in order; false if any call failed.
  bool Run(const std::vector<std::string>& steps);

 private:
  // One step at steps[*i] (and its arguments, *i moves past them).
  void Step(const std::vector<std::string>& steps, size_t* i);
  template <typename T>
  T Wait(kj::Promise<T>&& p);
  void Login(const std::string& how, const std::string& user);
  void Get(const std::string& name, const std::string& iface);
  // push.cc: the Chat.subscribe steps; false if `s` is none of them.
  bool PushStep(const std::string& s, const std::function<std::string()>& next);
  // timing.cc: time-info and time-chain; false if `s` is neither.
  bool TimingStep(const std::string& s, const std::function<std::string()>& next);
  capos::rpc::Session::Client& SessionCap();
  template <typename T>
  typename T::Client Cap(const std::string& name);

  rpclink::RpcLink& client_;
  unsigned timeout_s_;
  capos::rpc::Gateway::Client gateway_;
  std::vector<capos::rpc::Session::Client> session_;  // the last login's, if any
  std::map<std::string, capnp::Capability::Client> caps_;
  std::vector<capos::rpc::Subscription::Client> subscriptions_;
  unsigned pushed_ = 0;  // messages every receiver of this probe was pushed
};

// An enumerant's schema name (the words the proofs match on).
template <typename E>
std::string Name(E value) {
  for (auto e : capnp::Schema::from<E>().getEnumerants()) {
    if (e.getOrdinal() == static_cast<uint16_t>(value)) return e.getProto().getName().cStr();
  }
  return std::to_string(static_cast<unsigned>(value));
}

// A gateway that never answers must not hang the proof.
template <typename T>
T Probe::Wait(kj::Promise<T>&& p) {
  auto late =
      client_.getIoProvider().getTimer().afterDelay(timeout_s_ * kj::SECONDS).then([]() -> T {
        KJ_FAIL_REQUIRE("no answer within the timeout");
      });
  return p.exclusiveJoin(kj::mv(late)).wait(client_.getWaitScope());
}

template <typename T>
typename T::Client Probe::Cap(const std::string& name) {
  auto it = caps_.find(name);
  KJ_REQUIRE(it != caps_.end(), "no `get` of this entry yet");
  return it->second.castAs<T>();
}

}  // namespace rpcprobe

#endif  // TOOLS_RPC_PROBE_STEPS_H_
