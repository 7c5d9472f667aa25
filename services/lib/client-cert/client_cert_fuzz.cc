// libFuzzer: any bytes as the leaf a TLS front end hands the authority
// (SourceInfo.clientCertificate), checked against a fresh CA. Every input
// must come back as a verdict, never a crash or a leak.
#include <stddef.h>
#include <stdint.h>

#include "services/lib/client-cert/client_cert.h"
#include "services/lib/client-cert/test_issuer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static client_cert_test::Issuer ca("fuzz CA");
  static client_cert::Policy* policy = [] {
    auto* p = new client_cert::Policy();
    p->AddCa(ca.ca_der().data(), ca.ca_der().size());
    const uint8_t serial[] = {0x7e, 0x57};
    p->AddDeniedSerial(serial, sizeof(serial));
    return p;
  }();
  uint8_t point[client_cert::kPointBytes] = {4};
  policy->CheckLogin(data, size, "alice", 5, point);
  return 0;
}
