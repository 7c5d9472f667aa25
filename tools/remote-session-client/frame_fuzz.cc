// libFuzzer target: hostile bytes from the gateway through the frame reader
// and the Response decoder (the client's only parsers of untrusted input).
#include <capnp/message.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/remote-session-client/frame.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // The first byte picks a chunk size so split headers are exercised.
  const size_t chunk = size == 0 ? 1 : 1 + data[0] % 17;
  rsclient::FrameReader reader;
  for (size_t off = 0; off < in.size(); off += chunk) {
    reader.feed(in.substr(off, chunk));
    while (auto payload = reader.next()) {
      capnp::MallocMessageBuilder out;
      if (rsclient::decode_response(*payload, &out) == rsclient::FrameError::kNone) {
        // Decoded messages must be fully readable without faults.
        auto r = out.getRoot<capos::schema::Response>().asReader();
        (void)r.totalSize();
      }
    }
  }
  // The whole input as one payload, too.
  capnp::MallocMessageBuilder whole;
  (void)rsclient::decode_response(in, &whole);
  return 0;
}
