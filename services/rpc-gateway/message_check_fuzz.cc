// libFuzzer over the checks every incoming RPC message passes
// (message_check.h): random bytes as a stream's next message, split the way
// CheckedStream reads it (first word, table, body). Nothing may crash, hang
// or read out of bounds, and a message whose table passed is never refused
// for its size by the whole-message check.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "services/rpc-gateway/message_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rpc_gateway;
  MessageLimits limits = SchemaLimits();
  if (size < 8) return 0;
  uint32_t segments = 0, rest = 0;
  if (CheckFirstWord(data, limits, &segments, &rest) != Verdict::kOk) return 0;
  if (size < 8 + size_t(rest)) return 0;
  uint64_t words = 0;
  if (CheckTable(data, segments, limits, &words) != Verdict::kOk) return 0;
  // What the stream would read: exactly `words` words, 8-byte aligned.
  std::vector<uint64_t> message(words, 0);
  size_t have = size < words * 8 ? size : words * 8;
  memcpy(message.data(), data, have);
  MessageKind kind;
  Verdict v = CheckMessage(message.data(), words * 8, limits, &kind);
  // A message the table accepted is never refused for its size.
  if (v == Verdict::kTooLarge || v == Verdict::kTooManySegments) abort();
  return 0;
}
