// login_proof::Verify on hostile bytes: the key, principal, challenge and
// signature of a public-key login all come from the network (through the
// gateway). Whatever they are, Verify answers true or false and never
// reads outside them; a random input essentially never verifies.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "services/lib/login-proof/login_proof.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace login_proof;
  uint8_t point[kPointBytes] = {};
  uint8_t challenge[kChallengeBytes] = {};
  if (size < 1) return 0;
  // First byte: how much of the rest is the principal (bounded).
  size_t name_len = data[0] % 40;
  ++data, --size;
  size_t take = size < kPointBytes ? size : kPointBytes;
  memcpy(point, data, take);
  data += take, size -= take;
  take = size < kChallengeBytes ? size : kChallengeBytes;
  memcpy(challenge, data, take);
  data += take, size -= take;
  if (name_len > size) name_len = size;
  const char* name = reinterpret_cast<const char*>(data);
  data += name_len, size -= name_len;
  bool ok = Verify(point, name, name_len, challenge, data, size);
  if (ok && size == 0) __builtin_trap();  // an empty signature can never verify
  return 0;
}
