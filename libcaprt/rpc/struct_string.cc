// capnp's struct printer (stringify.c++) needs the dynamic API, which the
// guest does not build. rpc.c++ prints a struct only inside two error
// messages about a peer's bad message; a placeholder keeps those messages
// (and so the serial log) free of anything the peer wrote.
#include <capnp/generated-header-support.h>
#include <kj/string-tree.h>

namespace capnp::_ {

kj::StringTree structString(StructReader, const RawBrandedSchema&) {
  return kj::strTree("(struct)");
}

}  // namespace capnp::_
