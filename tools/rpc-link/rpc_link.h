// A host tool's Cap'n Proto RPC connection to rpc-gateway (the CLI's
// --transport rpc, rpc-probe): TCP, then TLS when asked for (kj's TLS over
// OpenSSL, as Debian's libkj-tls ships it), then a two-party RPC client
// whose bootstrap is the Gateway. EzRpcClient has no TLS; this is what it
// does, plus that.
//
// Over TLS the server is trusted by a CA file only (PEM or DER), its name
// checked (localhost for a loopback address); kj exposes no peer
// certificate to pin. A client certificate is presented when given.
#ifndef TOOLS_RPC_LINK_RPC_LINK_H_
#define TOOLS_RPC_LINK_RPC_LINK_H_

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/compat/tls.h>

#include <string>

namespace rpclink {

struct TlsOptions {
  bool enabled = false;
  std::string ca_file;      // required with enabled
  std::string server_name;  // "" = the host, or localhost for a loopback address
  std::string cert_file;    // "" = no client certificate
  std::string key_file;     // its private key (PEM)
};

class RpcLink {
 public:
  // Connects and, with `tls.enabled`, handshakes; throws kj::Exception on
  // failure (an unreadable --ca or --cert included).
  RpcLink(const std::string& host, uint16_t port, const TlsOptions& tls);
  RpcLink(const RpcLink&) = delete;
  RpcLink& operator=(const RpcLink&) = delete;

  template <typename T>
  typename T::Client getMain() {
    return bootstrap_.castAs<T>();
  }
  kj::WaitScope& getWaitScope() { return io_.waitScope; }
  kj::AsyncIoProvider& getIoProvider() { return *io_.provider; }

 private:
  // Destroyed bottom-up: the bootstrap and the RPC system before the
  // stream, the stream before the TLS context, all before the event loop.
  kj::AsyncIoContext io_;
  kj::Maybe<kj::Own<kj::TlsCertificate>> ca_;
  kj::Maybe<kj::Own<kj::TlsKeypair>> keypair_;
  kj::Own<kj::TlsContext> tls_;
  kj::Own<kj::AsyncIoStream> stream_;
  kj::Own<capnp::TwoPartyClient> client_;
  capnp::Capability::Client bootstrap_;
};

}  // namespace rpclink

#endif  // TOOLS_RPC_LINK_RPC_LINK_H_
