#include "libcaprt/capnp_glue.h"

#include <capnp/serialize.h>
#include <kj/array.h>
#include <kj/exception.h>
#include <kj/io.h>
#include <string.h>

namespace caprt {
namespace {

// Installed for the duration of one decode. Records the first recoverable
// fault and swallows the rest, so kj neither throws (host) nor logs an
// ERROR line per bad pointer (guest) for input that is simply hostile.
class RecordingCallback final : public kj::ExceptionCallback {
 public:
  explicit RecordingCallback(DecodeResult& result) : result_(result) {}

  void onRecoverableException(kj::Exception&& e) override {
    if (result_.ok()) Fail(result_, e.getDescription().cStr());
  }

  static void Fail(DecodeResult& result, const char* why) {
    result.error = abi::Error::kMalformedMessage;
    size_t n = strlen(why);
    if (n >= sizeof(result.detail)) n = sizeof(result.detail) - 1;
    memcpy(result.detail, why, n);
    result.detail[n] = '\0';
  }

 private:
  DecodeResult& result_;
};

uint32_t LoadLe32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// Validates the segment table against the buffer without trusting any
// length in it; returns nullptr or the reason for rejection.
const char* CheckFraming(const uint8_t* p, size_t size, uint32_t max_segments) {
  if (size < 8 || size % 8 != 0) return "message size is not a whole number of words";
  uint64_t count = uint64_t(LoadLe32(p)) + 1;
  if (count > max_segments) return "too many segments";
  uint64_t table_words = count / 2 + 1;
  uint64_t words = size / 8;
  if (table_words > words) return "segment table truncated";
  uint64_t total = table_words;
  for (uint64_t i = 0; i < count; ++i) {
    total += LoadLe32(p + 4 + 4 * i);  // count <= max_segments, no overflow
    if (total > words) return "segment larger than buffer";
  }
  if (total != words) return "trailing bytes after message";
  return nullptr;
}

}  // namespace

DecodeResult DecodeMessage(const void* bytes, size_t size,
                           kj::FunctionParam<void(capnp::MessageReader&)> read,
                           const DecodeOptions& options) {
  DecodeResult result;
  auto* p = static_cast<const uint8_t*>(bytes);
  if (p == nullptr && size != 0) {
    RecordingCallback::Fail(result, "null buffer");
    return result;
  }
  if (const char* why = CheckFraming(p, size, options.max_segments)) {
    RecordingCallback::Fail(result, why);
    return result;
  }
  kj::Array<capnp::word> copy;
  kj::ArrayPtr<const capnp::word> words;
  if (reinterpret_cast<uintptr_t>(p) % alignof(capnp::word) == 0) {
    words = kj::arrayPtr(reinterpret_cast<const capnp::word*>(p), size / 8);
  } else {
    copy = kj::heapArray<capnp::word>(size / 8);
    memcpy(copy.begin(), p, size);
    words = copy;
  }
  capnp::ReaderOptions reader_options;
  reader_options.traversalLimitInWords = options.traversal_limit_words;
  reader_options.nestingLimit = options.nesting_limit;

  RecordingCallback callback(result);
  capnp::FlatArrayMessageReader reader(words, reader_options);
  if (result.ok()) read(reader);
  return result;
}

EncodeResult EncodeMessage(capnp::MessageBuilder& builder, void* out, size_t capacity) {
  EncodeResult result;
  result.length = capnp::computeSerializedSizeInWords(builder) * sizeof(capnp::word);
  if (result.length > capacity || out == nullptr) {
    result.error = abi::Error::kResultTooSmall;
    return result;
  }
  kj::ArrayOutputStream stream(kj::arrayPtr(static_cast<kj::byte*>(out), capacity));
  capnp::writeMessage(stream, builder);
  return result;
}

}  // namespace caprt
