// Manifest compiler: the JSON that tools/cue/cue-export produces from a CUE
// manifest -> a binary Cap'n Proto BootManifest (schema/boot_manifest.capnp)
// in the standard stream framing, as placed in the boot package.
//
// CUE has already checked the schema, but the compiler re-checks every rule
// (it may be handed any JSON) and adds the cross-service rules CUE cannot
// state simply. The result is either a complete message or one error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/manifest-compiler/interfaces.h"

namespace capos::manifest {

// Upper bound on services in one manifest (kernel process table headroom).
inline constexpr size_t kMaxServices = 64;

// Compiles `json`. On success fills `out` and returns true. On failure returns
// false, leaves `out` empty and sets `error` to "<json path>: <reason>", e.g.
// "services[1].grants[0].port: 70000 is outside [1, 65535]".
// Interface names (endpoints, launcher grant shapes) resolve through
// `interfaces` (see LoadInterfaces).
bool Compile(std::string_view json, std::vector<uint8_t>* out, std::string* error,
             const InterfaceTable& interfaces = {});

}  // namespace capos::manifest
