// The bootstrap capability of a connection (schema/remote_rpc.capnp
// Gateway), an adapter over the connection's remote-session core: each
// method becomes the DTO Request it stands for (dto.h), and the core's
// answer the method's results.
//
// login answers a Session on success and LoginResult.denied with the
// DTO's RemoteDenial otherwise. It is the core's login: the backend's
// PBKDF2 runs in the authority while this loop serves everyone else, a
// penalized source's denial is held (Output::hold_ms, a kj timer), the
// last failed login the core allows closes the connection after its
// answer (Abort "loginTimeout"), and a second login revokes everything the
// first one handed out before the core tears it down.
#pragma once

#include "schema/remote_rpc.capnp.h"
#include "services/rpc-gateway/connection.h"

namespace rpc_gateway {

// Lives as long as the connection's RpcSystem holds it, which the
// Connection destroys before anything this refers to.
class GatewayImpl final : public capos::rpc::Gateway::Server {
 public:
  explicit GatewayImpl(Connection& connection) : connection_(connection) {}

 protected:
  kj::Promise<void> authMethods(AuthMethodsContext context) override;
  kj::Promise<void> login(LoginContext context) override;

 private:
  Connection& connection_;
};

}  // namespace rpc_gateway
