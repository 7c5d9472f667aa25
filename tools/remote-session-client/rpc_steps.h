// One --transport rpc connection's steps: the capability each step calls
// (the Gateway, the last login's Session, its CapSet, the typed cap of an
// entry) and the DTO Response its answer stands for, so rendering is the
// transport's business no further. A typed denial (LoginResult.denied,
// GetResult.denied) becomes Response.denied; an RPC exception is thrown
// on to the caller, which maps the gateway's fixed names the same way.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_RPC_STEPS_H_
#define TOOLS_REMOTE_SESSION_CLIENT_RPC_STEPS_H_

#include <capnp/capability.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schema/remote_rpc.capnp.h"
#include "schema/remote_session.capnp.h"
#include "tools/remote-session-client/args.h"
#include "tools/remote-session-client/client.h"
#include "tools/rpc-link/rpc_link.h"

namespace rsclient {

class RpcSteps {
 public:
  RpcSteps(const Options& o, rpclink::RpcLink& client, const ClientHooks& hooks);

  // Runs `s`, filling `r` with the DTO answer. Returns "" or, for a step
  // the client cannot make (no user, no password), the usage error.
  std::string Run(const Step& s, capos::schema::Response::Builder r);

 private:
  template <typename T>
  T Wait(kj::Promise<T>&& p);
  std::string Login(const Step& s, capos::schema::Response::Builder r);
  capos::rpc::Session::Client& Session();
  // The entry's typed cap (CapSet.get with the interface the step names or
  // its method implies); nullopt with r denied when the CapSet refuses.
  std::optional<capnp::Capability::Client> Get(const Step& s, uint64_t iface,
                                               capos::schema::Response::Builder r);
  void Call(const Step& s, capos::schema::Response::Builder r);

  const Options& o_;
  rpclink::RpcLink& client_;
  const ClientHooks& hooks_;
  capos::rpc::Gateway::Client gateway_;
  std::vector<capos::rpc::Session::Client> session_;  // the last login's, if any
  std::optional<std::string> password_;
};

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_RPC_STEPS_H_
