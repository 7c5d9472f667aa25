// rpc-probe's steps: each one call (or a short chain) on the connection's
// Gateway, the Session of the last login, its CapSet, or a typed cap a
// `get` stored under its entry name. One line per answer, words the
// proofs match on; texts escaped (\n, \\) so a line stays a line.
#ifndef TOOLS_RPC_PROBE_STEPS_H_
#define TOOLS_RPC_PROBE_STEPS_H_

#include <capnp/ez-rpc.h>

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
  Probe(capnp::EzRpcClient& client, unsigned timeout_s);
  // Runs the steps in order; false if any call failed.
  bool Run(const std::vector<std::string>& steps);

 private:
  // One step at steps[*i] (and its arguments, *i moves past them).
  void Step(const std::vector<std::string>& steps, size_t* i);
  template <typename T>
  T Wait(kj::Promise<T>&& p);
  void Login(const std::string& how, const std::string& user);
  void Get(const std::string& name, const std::string& iface);
  capos::rpc::Session::Client& SessionCap();
  template <typename T>
  typename T::Client Cap(const std::string& name);

  capnp::EzRpcClient& client_;
  unsigned timeout_s_;
  capos::rpc::Gateway::Client gateway_;
  std::vector<capos::rpc::Session::Client> session_;  // the last login's, if any
  std::map<std::string, capnp::Capability::Client> caps_;
};

}  // namespace rpcprobe

#endif  // TOOLS_RPC_PROBE_STEPS_H_
