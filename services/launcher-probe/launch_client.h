// A minimal RestrictedLauncher client for the probe: encodes a launch with
// its grants (sent beside the message) and decodes the typed result.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace probe {

struct GrantArg {
  const char* name;
  caprt::Cap cap;
  int cap_index = -1;  // >= 0: claim this index instead of the cap's own (malformed tests)
};

struct LaunchArgs {
  const char* profile;
  const char* binary;
  const char* name;
  const GrantArg* grants;
  size_t grant_count;
  const caprt::Cap* session = nullptr;     // sent last, as sessionCap
  const caprt::Cap* session_as = nullptr;  // send this cap in the session position instead
};

struct LaunchReply {
  abi::Error transport = abi::Error::kOk;  // CQE status of the call
  bool launched = false;
  uint32_t pid = 0;
  caprt::Cap handle;
  uint16_t code = 0;  // RestrictedLauncher.DenialCode when !launched
  uint16_t kernel_error = 0;
  char message[200] = {};
};

// Never blocks for long: the call carries a timeout.
LaunchReply Launch(const caprt::Cap& launcher, const LaunchArgs& args);

}  // namespace probe
