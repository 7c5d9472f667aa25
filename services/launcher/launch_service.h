// The guest side of one RestrictedLauncher.launch call: decode the params,
// let launch_policy decide, check the session, spawn, encode the result.
// Every denial is decided before ProcessSpawner is called.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/ipc.h"
#include "services/launcher/launch_policy.h"

namespace launcher {

struct Service {
  caprt::Console console;
  caprt::ProcessSpawner spawner;
  const Policy* policy;
  uint32_t launched = 0;
  uint32_t denied = 0;
};

struct Outcome {
  abi::Error status = abi::Error::kOk;  // transport error for the caller (malformedMessage)
  uint32_t len = 0;                     // results message bytes in `out`
  bool launched = false;
  caprt::Cap handle;  // launched: the child's ProcessHandle
};

// Handles one call to launch. On success the caller of this function must
// move `handle` to the client in the RETURN (it is reply cap 0), and kill
// and release it if that RETURN fails. The caps the call carried are left
// to the caller of this function to release.
Outcome HandleLaunch(Service& svc, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap);

}  // namespace launcher
