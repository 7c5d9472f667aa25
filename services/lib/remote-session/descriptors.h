// The method descriptors a CapSet entry carries (CapSetEntry.descriptors),
// and the checks that turn a client's Command into a service call.
//
// One table per cap kind is the single truth: the DTO lists it, the CLI's
// help and the web UI's forms are generated from it, and the same entries
// decide whether a Command's verb and args are acceptable before anything
// reaches a service. Game verbs map to the service's method ordinals
// (schema/adventure.capnp, schema/paperclips.capnp).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/codec.h"
#include "services/lib/remote-session/types.h"

namespace remote_session {

// Same numbering as schema/remote_session.capnp ParamType.
enum class ParamType : uint8_t { kText, kUint, kEnum };

struct ParamDescriptor {
  const char* name;
  ParamType type;
  uint64_t min;  // text: bytes; uint: value
  uint64_t max;
  const char* const* values;  // kEnum: value names, in the schema enum's order
  uint32_t value_count;
};

struct MethodDescriptor {
  const char* name;  // the Call variant, request or Command verb
  const char* summary;
  const ParamDescriptor* params;
  uint32_t param_count;
  uint16_t ordinal;  // game verbs: the service method; otherwise unused
  uint32_t rights;   // kRight* bits the entry needs for it
};

// The methods an entry of `kind` holding `rights` may call, in order:
// *count of them at the returned array (which may hold more, that the
// rights do not allow: use Allowed()).
const MethodDescriptor* MethodTable(CapKind kind, uint32_t* count);
// The terminal entry's (descriptors_terminal.cc).
const MethodDescriptor* TerminalMethodTable(uint32_t* count);
inline bool Allowed(const MethodDescriptor& m, uint32_t rights) {
  return (rights & m.rights) == m.rights;
}

enum class CommandCheck : uint8_t {
  kOk,
  kUnknownVerb,  // -> methodDenied
  kNotAllowed,   // the entry's rights do not cover it -> methodDenied
  kBadArgs,      // count, number, enum value or text bound -> malformedRequest
};

// Checks the Command in `req` (kAdventure / kPaperclips) against the table
// of `kind` and writes the service's params message into buf (8-byte
// aligned); on kOk *call names the method and the params.
CommandCheck BuildServiceCall(CapKind kind, uint32_t rights, const Request& req, void* buf,
                              size_t buf_cap, ServiceCall* call, const MethodDescriptor** method);

}  // namespace remote_session
