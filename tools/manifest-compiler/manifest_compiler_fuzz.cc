// libFuzzer target: any bytes either compile to a message that reads back
// with the same service count, or are refused with a non-empty error.
#include <capnp/serialize.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "schema/boot_manifest.capnp.h"
#include "tools/manifest-compiler/manifest_compiler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> out;
  std::string error;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  if (!capos::manifest::Compile(json, &out, &error)) {
    if (error.empty() || !out.empty()) std::abort();
    return 0;
  }
  kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(out.data()),
                                        out.size() / sizeof(capnp::word));
  capnp::FlatArrayMessageReader reader(words);
  auto m = reader.getRoot<capos::schema::BootManifest>();
  if (m.getServices().size() == 0 || m.getServices()[0].getName() != "init") std::abort();
  return 0;
}
