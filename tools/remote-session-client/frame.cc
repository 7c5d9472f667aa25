#include "tools/remote-session-client/frame.h"

#include <capnp/dynamic.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstring>
#include <vector>

namespace rsclient {
namespace {

uint32_t read_le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} | uint32_t{u[1]} << 8 | uint32_t{u[2]} << 16 | uint32_t{u[3]} << 24;
}

// A frame is at most 64 KiB = 8192 words; a nesting limit keeps hostile
// pointer chains from recursing deeply.
capnp::ReaderOptions reader_options() {
  capnp::ReaderOptions o;
  o.traversalLimitInWords = kMaxFrameBytes / sizeof(capnp::word) * 4;
  o.nestingLimit = 32;
  return o;
}

// Reads every field the schema defines (the active union member only), so
// a pointer of the wrong kind (a list where a struct belongs, ...) throws
// here, inside the decode, and never later in whatever prints the message.
// A copy alone does not find those: it copies pointers without a schema.
void read_typed(capnp::DynamicValue::Reader v, int depth);

void read_struct(capnp::DynamicStruct::Reader s, int depth) {
  if (depth > 32) KJ_FAIL_REQUIRE("message nests too deeply");
  for (auto field : s.getSchema().getNonUnionFields()) read_typed(s.get(field), depth + 1);
  KJ_IF_MAYBE (active, s.which()) {
    read_typed(s.get(*active), depth + 1);
  }
}

void read_typed(capnp::DynamicValue::Reader v, int depth) {
  switch (v.getType()) {
    case capnp::DynamicValue::STRUCT:
      read_struct(v.as<capnp::DynamicStruct>(), depth);
      break;
    case capnp::DynamicValue::LIST:
      for (auto e : v.as<capnp::DynamicList>()) read_typed(e, depth + 1);
      break;
    default:
      break;  // scalars, text and data were checked by get()
  }
}

template <typename Root>
FrameError decode_as(std::string_view payload, capnp::MallocMessageBuilder* out) {
  if (payload.empty()) return FrameError::kEmpty;
  if (payload.size() > kMaxFrameBytes) return FrameError::kTooLarge;
  if (payload.size() % sizeof(capnp::word) != 0) return FrameError::kMisaligned;
  // Copy into word-aligned storage; the payload string has no alignment.
  std::vector<capnp::word> words(payload.size() / sizeof(capnp::word));
  std::memcpy(words.data(), payload.data(), payload.size());
  FrameError result = FrameError::kNone;
  kj::Maybe<kj::Exception> failed = kj::runCatchingExceptions([&] {
    kj::ArrayPtr<const capnp::word> in(words.data(), words.size());
    capnp::FlatArrayMessageReader reader(in, reader_options());
    if (reader.getEnd() != in.end()) {
      result = FrameError::kUndecodable;  // bytes after the message
      return;
    }
    auto root = reader.getRoot<Root>();
    // setRoot walks the whole message, so every pointer is in bounds;
    // read_typed then checks each one has the kind its field needs.
    out->setRoot(root);
    read_struct(capnp::toDynamic(out->getRoot<Root>().asReader()), 0);
  });
  if (failed != nullptr) return FrameError::kUndecodable;
  return result;
}

}  // namespace

const char* frame_error_name(FrameError e) {
  switch (e) {
    case FrameError::kNone:
      return "none";
    case FrameError::kEmpty:
      return "empty frame";
    case FrameError::kTooLarge:
      return "frame larger than 65536 bytes";
    case FrameError::kMisaligned:
      return "frame not a whole number of words";
    case FrameError::kUndecodable:
      return "frame does not decode as a Cap'n Proto message";
    case FrameError::kWrongRoot:
      return "message has an unknown variant";
  }
  return "unknown";
}

FrameError encode_frame(capnp::MessageBuilder& msg, std::string* out) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(msg);
  const size_t n = words.asBytes().size();
  if (n > kMaxFrameBytes) return FrameError::kTooLarge;
  *out = frame_header(static_cast<uint32_t>(n));
  out->append(reinterpret_cast<const char*>(words.asBytes().begin()), n);
  return FrameError::kNone;
}

std::string frame_header(uint32_t length) {
  std::string h(kHeaderBytes, '\0');
  for (size_t i = 0; i < kHeaderBytes; ++i) h[i] = static_cast<char>(length >> (8 * i));
  return h;
}

void FrameReader::feed(std::string_view bytes) {
  if (error_ != FrameError::kNone) return;
  buf_.append(bytes);
  // Check the header as soon as it is complete, so an absurd length is
  // refused before anything is buffered for it.
  if (buf_.size() >= kHeaderBytes) {
    const uint32_t n = read_le32(buf_.data());
    if (n == 0) error_ = FrameError::kEmpty;
    if (n > kMaxFrameBytes) error_ = FrameError::kTooLarge;
    if (error_ != FrameError::kNone) buf_.clear();
  }
}

std::optional<std::string> FrameReader::next() {
  if (error_ != FrameError::kNone || buf_.size() < kHeaderBytes) return std::nullopt;
  const uint32_t n = read_le32(buf_.data());
  if (buf_.size() - kHeaderBytes < n) return std::nullopt;
  std::string payload = buf_.substr(kHeaderBytes, n);
  buf_.erase(0, kHeaderBytes + n);
  // The following frame's header, if it is already here, is checked now.
  std::string rest;
  rest.swap(buf_);
  feed(rest);
  return payload;
}

FrameError decode_response(std::string_view payload, capnp::MallocMessageBuilder* out) {
  return decode_as<capos::schema::Response>(payload, out);
}

FrameError decode_request(std::string_view payload, capnp::MallocMessageBuilder* out) {
  return decode_as<capos::schema::Request>(payload, out);
}

}  // namespace rsclient
