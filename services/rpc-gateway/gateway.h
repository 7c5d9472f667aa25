// The bootstrap capability of a connection (schema/remote_rpc.capnp
// Gateway), an adapter over the connection's remote-session core: each
// method becomes the core's Request, and the core's Response frame becomes
// the method's results, or its denial the exception the schema names.
//
// This slice answers authMethods. login is not implemented yet: capnp's
// default answers it with its own "unimplemented" exception, and so no
// Session, CapSet or pushed update exists over RPC yet.
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

 private:
  Connection& connection_;
};

}  // namespace rpc_gateway
