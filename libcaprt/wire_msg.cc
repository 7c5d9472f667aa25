#include "libcaprt/wire_msg.h"

#include <stdlib.h>
#include <string.h>

namespace caprt {

WireIn::~WireIn() {
  free(copy_);
}

abi::Error WireIn::Open(const void* bytes, size_t size) {
  if (opened_ || copy_ != nullptr) return abi::Error::kMalformedMessage;  // once per object
  // The glue's framing rule: whole words (the codec ignores a tail).
  if (bytes == nullptr || size < 8 || size % 8 != 0) {
    why_ = wire::Status::kTruncated;
    return abi::Error::kMalformedMessage;
  }
  const void* words = bytes;
  if (reinterpret_cast<uintptr_t>(bytes) % 8 != 0) {
    copy_ = malloc(size);  // malloc's blocks are 16-byte aligned
    if (copy_ == nullptr) {
      why_ = wire::Status::kMisaligned;
      return abi::Error::kMalformedMessage;
    }
    memcpy(copy_, bytes, size);
    words = copy_;
  }
  wire::ReaderOptions options;
  options.traversalLimitWords = kWireTraversalLimitWords;
  options.nestingLimit = kWireNestingLimit;
  wire::Status s = msg_.init(words, size, options);
  // ... and exactly accounted for by the segment table.
  if (s == wire::Status::kOk && msg_.usedBytes() != size) s = wire::Status::kBadFraming;
  if (s == wire::Status::kOk) s = msg_.root(&root_);
  if (s != wire::Status::kOk) {
    root_ = wire::StructReader();
    why_ = s;
    return abi::Error::kMalformedMessage;
  }
  opened_ = true;
  return abi::Error::kOk;
}

abi::Error WireFinish(wire::MessageBuilder& builder, size_t* len) {
  wire::Status s = builder.finish(len);
  if (s == wire::Status::kOk) return abi::Error::kOk;
  *len = 0;
  return s == wire::Status::kTooSmall ? abi::Error::kResultTooSmall : abi::Error::kMalformedMessage;
}

}  // namespace caprt
