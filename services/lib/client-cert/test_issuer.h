// Certificates for the client-cert tests, made at run time with the host's
// mbedTLS (nothing is checked in): a CA, and leaves it signs with a chosen
// subject, serial, validity and extended key usage.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "libcaprt/mbedtls/tls_test_pki.h"

namespace client_cert_test {

struct LeafSpec {
  std::string cn = "alice";
  std::vector<uint8_t> serial = {0x01, 0x02};
  std::string not_before = "20250101000000";
  std::string not_after = "20450101000000";
  bool client_auth = true;  // else the leaf is for servers only
};

class Issuer {
 public:
  explicit Issuer(const char* cn);
  bool ok() const { return ok_; }
  const std::vector<uint8_t>& ca_der() const { return ca_der_; }

  // A fresh P-256 key and its certificate signed by this CA; the key's
  // uncompressed point into `point` (65 bytes). Empty on failure.
  std::vector<uint8_t> Leaf(const LeafSpec& spec, uint8_t point[65]);
  // A certificate for the P-256 key `point` (uncompressed) signed by this CA.
  std::vector<uint8_t> LeafFor(const LeafSpec& spec, const uint8_t point[65]);

 private:
  tls_test::Rng rng_;
  tls_test::Identity ca_;
  std::string name_;
  std::vector<uint8_t> ca_der_;
  bool ok_ = false;
};

}  // namespace client_cert_test
