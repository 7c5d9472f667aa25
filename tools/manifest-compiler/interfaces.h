// Interface names a manifest may use (endpoints, launcher grant shapes),
// resolved to Cap'n Proto interface ids by parsing schema/*.capnp — the
// schemas stay the only place an id is written.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace capos::manifest {

// Interface name -> id. A name defined in two schema files maps to 0 and is
// refused as ambiguous when a manifest uses it.
using InterfaceTable = std::map<std::string, uint64_t>;

// Parses every *.capnp in `dir` (imports resolve against `dir` and
// /usr/include) but the network-only remote_rpc.capnp. False with `error`
// set if a schema does not parse.
bool LoadInterfaces(const std::string& dir, InterfaceTable* table, std::string* error);

}  // namespace capos::manifest
