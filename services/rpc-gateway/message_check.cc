#include "services/rpc-gateway/message_check.h"

#include <capnp/any.h>
#include <capnp/rpc.capnp.h>

#include "libcaprt/capnp_glue.h"
#include "schema/remote_rpc.capnp.h"

namespace rpc_gateway {
namespace {

uint32_t Le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// Visits every object of the message through capnp's own readers, so each
// visit is charged to the reader's traversal limit and nesting depth: a
// message whose pointers share targets (amplification) runs out of budget
// instead of out of time. capnp's totalSize() checks bounds but charges
// nothing, so it is not enough on its own. Faults are recorded by the glue.
void Visit(capnp::AnyPointer::Reader p, int depth);

void VisitStruct(capnp::AnyStruct::Reader s, int depth) {
  for (capnp::AnyPointer::Reader child : s.getPointerSection()) Visit(child, depth + 1);
}

void Visit(capnp::AnyPointer::Reader p, int depth) {
  if (depth > 64) return;  // the reader's nesting limit stops well before
  switch (p.getPointerType()) {
    case capnp::PointerType::STRUCT:
      VisitStruct(p.getAs<capnp::AnyStruct>(), depth);
      break;
    case capnp::PointerType::LIST: {
      capnp::AnyList::Reader list = p.getAs<capnp::AnyList>();
      if (list.getElementSize() == capnp::ElementSize::POINTER) {
        for (capnp::AnyPointer::Reader e : list.as<capnp::List<capnp::AnyPointer>>()) {
          Visit(e, depth + 1);
        }
      } else if (list.getElementSize() == capnp::ElementSize::INLINE_COMPOSITE) {
        for (capnp::AnyStruct::Reader e : list.as<capnp::List<capnp::AnyStruct>>()) {
          VisitStruct(e, depth + 1);
        }
      }
      break;
    }
    case capnp::PointerType::NULL_:
    case capnp::PointerType::CAPABILITY:
      break;
  }
}

}  // namespace

MessageLimits SchemaLimits() {
  return MessageLimits{capos::rpc::MAX_MESSAGE_WORDS, capos::rpc::MAX_SEGMENTS,
                       capos::rpc::MAX_TRAVERSAL_WORDS,
                       static_cast<int>(capos::rpc::MAX_NESTING_DEPTH)};
}

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kTooManySegments:
      return "too many segments";
    case Verdict::kTooLarge:
      return "message too large";
    case Verdict::kMalformed:
      return "malformed message";
    case Verdict::kNotAStruct:
      return "root is not a struct";
    case Verdict::kUnhandledUnimplemented:
      return "unimplemented echo of a message never sent";
    case Verdict::kTooManyQuestions:
      return "too many open questions";
  }
  return "unknown";
}

Verdict CheckFirstWord(const uint8_t first[8], const MessageLimits& limits, uint32_t* segments,
                       uint32_t* rest_of_table_bytes) {
  uint64_t count = uint64_t(Le32(first)) + 1;
  if (count > limits.max_segments) return Verdict::kTooManySegments;
  if (Le32(first + 4) > limits.max_words) return Verdict::kTooLarge;
  *segments = static_cast<uint32_t>(count);
  // The table is the count and one size per segment, padded to a word.
  uint64_t table_bytes = ((count + 1) * 4 + 7) / 8 * 8;
  *rest_of_table_bytes = static_cast<uint32_t>(table_bytes - 8);
  return Verdict::kOk;
}

Verdict CheckTable(const uint8_t* table, uint32_t segments, const MessageLimits& limits,
                   uint64_t* total_words) {
  if (segments == 0 || segments > limits.max_segments) return Verdict::kTooManySegments;
  uint64_t words = (uint64_t(segments) + 2) / 2;  // the table itself
  for (uint32_t i = 0; i < segments; ++i) words += Le32(table + 4 + 4 * i);
  if (words > limits.max_words) return Verdict::kTooLarge;
  *total_words = words;
  return Verdict::kOk;
}

Verdict CheckMessage(const void* message, size_t size, const MessageLimits& limits,
                     MessageKind* kind) {
  *kind = MessageKind::kOther;
  if (size > uint64_t(limits.max_words) * 8) return Verdict::kTooLarge;
  caprt::DecodeOptions options;
  options.traversal_limit_words = limits.traversal_words;
  options.nesting_limit = limits.nesting_depth;
  options.max_segments = limits.max_segments;
  Verdict verdict = Verdict::kOk;
  caprt::DecodeResult r = caprt::DecodeMessage(
      message, size,
      [&](capnp::MessageReader& reader) {
        capnp::AnyPointer::Reader root = reader.getRoot<capnp::AnyPointer>();
        if (!root.isStruct()) {
          verdict = Verdict::kNotAStruct;
          return;
        }
        Visit(root, 0);
        capnp::rpc::Message::Reader m = root.getAs<capnp::rpc::Message>();
        switch (m.which()) {
          case capnp::rpc::Message::UNIMPLEMENTED:
            if (m.getUnimplemented().which() != capnp::rpc::Message::RESOLVE) {
              verdict = Verdict::kUnhandledUnimplemented;
            }
            break;
          case capnp::rpc::Message::BOOTSTRAP:
          case capnp::rpc::Message::CALL:
            *kind = MessageKind::kQuestion;
            break;
          case capnp::rpc::Message::FINISH:
            *kind = MessageKind::kFinish;
            break;
          default:
            break;
        }
      },
      options);
  if (!r.ok()) return Verdict::kMalformed;
  return verdict;
}

}  // namespace rpc_gateway
