// libFuzzer over the archive reader: the structural check on arbitrary
// bytes, and for inputs that pass it, the full load (pinned to the input's
// own index, so the hash checks run) and lookups of every path it holds.
// Every accepted file must lie inside the input.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "services/lib/ui-bundle/ui_bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ui_bundle;
  uint32_t count = 0;
  if (CheckStructure(data, size, &count) != Error::kOk) return 0;
  uint8_t pin[kDigestBytes];
  if (!IndexDigest(data, size, pin)) __builtin_trap();  // must agree with CheckStructure
  Bundle bundle;
  if (bundle.Load(data, size, pin) != Error::kOk) return 0;
  if (bundle.count() != count) __builtin_trap();
  char etag[kEtagLen + 1];
  for (uint32_t i = 0; i < count; ++i) {
    const File f = bundle.file(i);
    if (f.data < data || f.data + f.size > data + size) __builtin_trap();
    File found;
    if (!bundle.Find(f.path, f.path_len, &found) || found.data != f.data) __builtin_trap();
    FormatEtag(f, etag);
  }
  File f;
  bundle.Find("/", 1, &f);
  return 0;
}
