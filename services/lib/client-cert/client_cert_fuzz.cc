// libFuzzer: any bytes as the leaf a TLS front end hands the authority
// (SourceInfo.clientCertificate), checked against a fresh CA. Every input
// must come back as a verdict, never a crash or a leak.
//
// mbedTLS's parser is not instrumented, so raw bytes rarely get past its
// first length check. Inputs starting with 1 are instead patches to a
// valid leaf of that CA ((offset % size, byte) pairs), which reach every
// field of the parse and every check after it.
#include <stddef.h>
#include <stdint.h>

#include <vector>

#include "services/lib/client-cert/client_cert.h"
#include "services/lib/client-cert/test_issuer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static client_cert_test::Issuer ca("fuzz CA");
  static uint8_t point[client_cert::kPointBytes];
  static const std::vector<uint8_t> leaf = ca.Leaf(client_cert_test::LeafSpec(), point);
  static client_cert::Policy* policy = [] {
    auto* p = new client_cert::Policy();
    p->AddCa(ca.ca_der().data(), ca.ca_der().size());
    const uint8_t serial[] = {0x7e, 0x57};
    p->AddDeniedSerial(serial, sizeof(serial));
    return p;
  }();
  if (size > 0 && data[0] == 1 && !leaf.empty()) {
    std::vector<uint8_t> patched = leaf;
    for (size_t i = 1; i + 2 < size; i += 3) {
      size_t at = (size_t(data[i]) << 8 | data[i + 1]) % patched.size();
      patched[at] = data[i + 2];
    }
    policy->CheckLogin(patched.data(), patched.size(), "alice", 5, point);
  } else {
    policy->CheckLogin(data, size, "alice", 5, point);
  }
  return 0;
}
