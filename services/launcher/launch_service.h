// The guest side of one RestrictedLauncher.launch call: decode the params,
// let launch_policy decide, check the session, spawn, encode the result.
// Every denial is decided before ProcessSpawner is called.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/ipc.h"
#include "services/launcher/instances.h"
#include "services/launcher/launch_policy.h"

namespace launcher {

struct Service {
  caprt::Console console;
  caprt::ProcessSpawner spawner;
  const Policy* policy;
  uint32_t launched = 0;
  uint32_t denied = 0;
  Instances instances;  // kept handles of limited profiles' children
};

struct Outcome {
  abi::Error status = abi::Error::kOk;  // transport error for the caller (malformedMessage)
  uint32_t len = 0;                     // results message bytes in `out`
  bool launched = false;
  caprt::Cap handle;  // launched: the child's ProcessHandle
  // launched for a limited profile (maxInstances > 0): the client gets a
  // copy of `handle` and the launcher keeps it to count the child.
  bool keep = false;
  size_t profile = 0;  // index in Policy::profiles
};

// Handles one call to launch. On success the caller of this function sends
// `handle` to the client in the RETURN (reply cap 0), copied when `keep`,
// else moved, and then calls Settle. The caps the call carried are left to
// the caller of this function to release.
Outcome HandleLaunch(Service& svc, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap);

// After the RETURN of a launch (`delivered`: it reached the client). An
// undelivered launch's child is killed, since nobody learned of it; a
// delivered child of a limited profile is kept in svc.instances.
void Settle(Service& svc, const Outcome& o, bool delivered);

// Releases the kept handles of every child that has ended and returns how
// many are still kept. The serve loop calls it while idle, so an ended
// child's handle (a kernel object) does not outlive it by more than a
// moment; the counts also refresh before each limited launch.
uint32_t ReleaseEnded(Service& svc);

}  // namespace launcher
