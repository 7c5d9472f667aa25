#include "tools/rpc-link/rpc_link.h"

#include <arpa/inet.h>

#include <fstream>
#include <iterator>
#include <vector>

namespace rpclink {
namespace {

std::vector<kj::byte> ReadAll(const std::string& path, const char* what) {
  std::ifstream f(path, std::ios::binary);
  if (!f) KJ_FAIL_REQUIRE("cannot read", what, path.c_str());
  return std::vector<kj::byte>((std::istreambuf_iterator<char>(f)),
                               std::istreambuf_iterator<char>());
}

// kj parses PEM from a string and DER from bytes; --ca and --cert take
// either, as on the DTO port.
kj::Own<kj::TlsCertificate> Certificate(const std::string& path, const char* what) {
  std::vector<kj::byte> b = ReadAll(path, what);
  if (!b.empty() && b[0] == 0x30) {
    return kj::heap<kj::TlsCertificate>(kj::arrayPtr(b.data(), b.size()));
  }
  std::string pem(b.begin(), b.end());
  return kj::heap<kj::TlsCertificate>(kj::StringPtr(pem.c_str()));
}

bool IsLoopback(const std::string& host) {
  in_addr a4;
  in6_addr a6;
  if (inet_pton(AF_INET, host.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
  return inet_pton(AF_INET6, host.c_str(), &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

}  // namespace

RpcLink::RpcLink(const std::string& host, uint16_t port, const TlsOptions& tls)
    : io_(kj::setupAsyncIo()), bootstrap_(nullptr) {
  auto addr = io_.provider->getNetwork().parseAddress(host, port).wait(io_.waitScope);
  stream_ = addr->connect().wait(io_.waitScope);
  if (tls.enabled) {
    kj::TlsContext::Options options;
    options.useSystemTrustStore = false;  // --ca alone says whom to trust
    options.minVersion = kj::TlsVersion::TLS_1_2;
    kj::Own<kj::TlsCertificate> ca = Certificate(tls.ca_file, "--ca");
    options.trustedCertificates = kj::arrayPtr(ca.get(), 1);
    ca_ = kj::mv(ca);
    if (!tls.cert_file.empty()) {
      std::vector<kj::byte> key = ReadAll(tls.key_file, "--identity");
      std::string pem(key.begin(), key.end());
      kj::Own<kj::TlsCertificate> cert = Certificate(tls.cert_file, "--cert");
      auto pair = kj::heap<kj::TlsKeypair>(
          kj::TlsKeypair{kj::TlsPrivateKey(kj::StringPtr(pem.c_str())), kj::mv(*cert)});
      options.defaultKeypair = *pair;
      keypair_ = kj::mv(pair);
    }
    tls_ = kj::heap<kj::TlsContext>(kj::mv(options));
    std::string name = !tls.server_name.empty() ? tls.server_name
                       : IsLoopback(host)       ? std::string("localhost")
                                                : host;
    stream_ = tls_->wrapClient(kj::mv(stream_), name.c_str()).wait(io_.waitScope);
  }
  client_ = kj::heap<capnp::TwoPartyClient>(*stream_);
  bootstrap_ = client_->bootstrap();
}

}  // namespace rpclink
