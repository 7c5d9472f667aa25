// libFuzzer target: hostile bytes from the gateway through the frame reader,
// the Response decoder and every renderer (human and JSON) that prints what
// a Response holds (catalogs, game views, descriptors: all untrusted text).
#include <capnp/message.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/remote-session-client/frame.h"
#include "tools/remote-session-client/render.h"

namespace {

// Renders `out`'s message as each kind of step would (help renders
// descriptors, the others the response as it is).
void RenderAll(capnp::MallocMessageBuilder& out) {
  auto shared = std::make_shared<capnp::MallocMessageBuilder>();
  shared->setRoot(out.getRoot<capos::schema::Response>().asReader());
  for (auto kind : {rsclient::Step::Kind::kCall, rsclient::Step::Kind::kHelp,
                    rsclient::Step::Kind::kServices}) {
    rsclient::Step step;
    step.kind = kind;
    step.text = "fuzz";
    rsclient::StepOutcome o;
    o.step = &step;
    o.response = shared;
    (void)rsclient::render_human(o);
    (void)rsclient::render_json(o);
  }
}

}  // namespace

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
        RenderAll(out);
      }
    }
  }
  // The whole input as one payload, too.
  capnp::MallocMessageBuilder whole;
  (void)rsclient::decode_response(in, &whole);
  return 0;
}
