// Names of schema enums as the schema spells them ("launchDenied",
// "clientFacet"), read from the generated schema so they are never
// hand-copied. A value from a newer guest that this build does not know
// gets `unknown` instead of an out-of-range read.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_ENUM_NAME_H_
#define TOOLS_REMOTE_SESSION_CLIENT_ENUM_NAME_H_

#include <capnp/schema.h>

#include <cstdint>

namespace rsclient {

template <typename E>
const char* enum_name(E value, const char* unknown = "unknown") {
  auto enumerants = capnp::Schema::from<E>().getEnumerants();
  const auto i = static_cast<uint16_t>(value);
  if (i >= enumerants.size()) return unknown;
  return enumerants[i].getProto().getName().cStr();
}

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_ENUM_NAME_H_
