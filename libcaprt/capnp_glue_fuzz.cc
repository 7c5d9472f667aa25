// libFuzzer target for the hostile-input decode path: any byte string must
// decode to ok or kMalformedMessage without crashing, and a message that
// decodes ok must re-encode.
#include <capnp/message.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "libcaprt/capnp_glue.h"
#include "schema/kernel.capnp.h"

using Params = capos::schema::ProcessSpawner::SpawnParams;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  capnp::MallocMessageBuilder copy;
  auto r = caprt::Decode<Params>(data, size, [&](Params::Reader p) {
    (void)p.getName().size();
    (void)p.getBinary().size();
    (void)p.getHeapPages();
    for (auto g : p.getGrants()) (void)g.getName().size();
    copy.setRoot(p);
  });
  if (r.error != abi::Error::kOk && r.error != abi::Error::kMalformedMessage) abort();
  if (r.ok()) {
    static uint8_t out[1 << 20];
    if (caprt::EncodeMessage(copy, out, sizeof(out)).error != abi::Error::kOk) abort();
  }
  return 0;
}
