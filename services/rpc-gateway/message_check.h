// The checks every incoming RPC message passes before capnp's RPC system
// sees it (CheckedStream), pure so that the host tests and the fuzz target
// run exactly what the guest runs.
//
// Why they exist: without exceptions (the guest's kj), a message that
// decodes to something rpc.c++ asserts on aborts the whole process, every
// connection with it. The known case is a root pointer out of bounds: the
// reader substitutes a default Message, whose `unimplemented` variant
// carries a default inner message, which rpc.c++ answers with an
// unrecovered KJ_FAIL_ASSERT. So a message is refused whole unless:
//   - its segment table is within maxSegments and maxMessageWords (checked
//     from the first bytes, before the body is even read);
//   - every pointer stays inside its segment, nesting stays under
//     maxNestingDepth, and reading it all stays under maxTraversalWords
//     (one full traversal under libcaprt's recording glue: any fault kj
//     reports refuses it);
//   - its root is a non-null struct;
//   - an `unimplemented` echo carries a `resolve`, the only inner message
//     rpc.c++ handles there (anything else it asserts on).
// Limits are the constants of schema/remote_rpc.capnp.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace rpc_gateway {

struct MessageLimits {
  uint32_t max_words;  // whole message, segment table included
  uint32_t max_segments;
  uint64_t traversal_words;
  int nesting_depth;
};

// remote_rpc.capnp's limits.
MessageLimits SchemaLimits();

enum class Verdict : uint8_t {
  kOk,
  kTooManySegments,
  kTooLarge,
  kMalformed,   // framing, bounds, nesting or traversal
  kNotAStruct,  // null root, or a root that is not a struct
  kUnhandledUnimplemented,
  kTooManyQuestions,  // counted by the stream, not by CheckMessage
};

// A fixed text per verdict, for logs and the connection's abort reason.
const char* VerdictName(Verdict v);

// What the message asks of the RPC system, for the open-question count.
enum class MessageKind : uint8_t { kOther, kQuestion, kFinish };

// The first word of a message (segment count - 1, first segment's size):
// the segment count in *segments, and the bytes the rest of the segment
// table takes (*rest_of_table_bytes).
Verdict CheckFirstWord(const uint8_t first[8], const MessageLimits& limits, uint32_t* segments,
                       uint32_t* rest_of_table_bytes);

// The whole segment table (8-byte aligned, `segments` entries after the
// count): the message's size in words, table included.
Verdict CheckTable(const uint8_t* table, uint32_t segments, const MessageLimits& limits,
                   uint64_t* total_words);

// The whole message in stream framing (table and segments; `size` bytes).
Verdict CheckMessage(const void* message, size_t size, const MessageLimits& limits,
                     MessageKind* kind);

}  // namespace rpc_gateway
