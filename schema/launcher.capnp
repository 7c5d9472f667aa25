# The restricted launcher (services/launcher): starts a process only as a
# manifest launcher profile allows (BootManifest.launcherProfiles).
#
# Caps travel beside the message (kernel-abi/abi.h): the caller sends the
# caps it wants the child to get as the CALL's CapTransfer list, and the
# message names each by its index in that list.
#
# Policy (checked before any process is created):
#   - `profile` names a launcher profile of the boot manifest,
#   - `binary` is one of that profile's binaries,
#   - the grants match the profile's grant shapes EXACTLY: every shape is
#     supplied once, under its name, by a cap whose interface id is the
#     shape's; no grant beyond the shapes,
#   - a session cap, if sent, is a live SessionCell with the bind right,
#   - fewer than the profile's maxInstances children of it still run.
# Denials are results (LaunchResult.denied), never transport errors; the
# transport errors are only the kernel's (badMethod, malformedMessage for
# params that do not decode, resultTooSmall below minResultBytes).
#
# The launcher is an in-guest service for trusted callers (gateway, web-ui):
# the ProcessHandle it returns on success never leaves the guest; remote
# clients only ever see descriptors derived from it.
#
# Ordinals are stable: never renumber, only append.
@0xabde6673bda0b3a8;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface RestrictedLauncher @0xda34c689cb868fa4 {
  const minResultBytes :UInt32 = 512;
  const maxGrants :UInt32 = 15;
  # One transfer carries at most 16 caps; one is kept for the session.

  launch @0 (profile :Text, binary :Text, name :Text, grants :List(Grant),
             sessionCap :Int16 = -1) -> (result :LaunchResult);
  # name: the child's service name ([a-z][a-z0-9-]{0,30}); the kernel
  #   prefixes its console lines with it.
  # sessionCap: index of a sent SessionCell cap (bind right): the child is
  #   bound to that session. -1: not bound.
  # The heap quota is the profile's, never the caller's.

  struct Grant {
    name @0 :Text;        # the name under which the child sees the cap
    capIndex @1 :UInt16;  # index in the CALL's sent caps
  }

  struct LaunchResult {
    union {
      launched @0 :Launched;
      denied @1 :Denial;
    }
  }

  struct Launched {
    pid @0 :UInt32;
    handleCap @1 :UInt16;
    # Index of the child's ProcessHandle in the reply's caps (moved to the
    # caller: the launcher keeps no handle; for a profile with maxInstances
    # it is copied, and the launcher keeps its own copy to count the running
    # children, dropping it soon after the child ends).
  }

  struct Denial {
    code @0 :DenialCode;
    message @1 :Text;
    # Precise reason for the caller's audit log (profile, binary and grant
    # names; never a slot or generation). Not for remote clients as is.
    kernelError @2 :UInt16;
    # spawnFailed only: the kernel's abi::Error from ProcessSpawner.spawn.
  }

  enum DenialCode {
    unknownProfile @0;
    disallowedBinary @1;
    missingGrant @2;
    unexpectedGrant @3;    # a grant name the profile lacks, or one given twice
    wrongInterface @4;     # a grant's cap (or the session cap) has another interface
    staleSession @5;       # the session cap is logged out
    spawnFailed @6;        # policy allowed it; the kernel refused (kernelError)
    malformedRequest @7;   # bad name, cap index out of range, too many grants
    quotaExceeded @8;      # the profile's maxInstances children are running
  }
}

interface LauncherControl @0xd7cf243b3e35722c {
  # Lifecycle of the launcher, on a separate endpoint so that holding the
  # RestrictedLauncher client facet never lets a caller stop the launcher.
  # Only test manifests grant it (to the probe that ends the run).
  shutdown @0 () -> ();
  # The launcher answers, then exits; later launch calls fail disconnected.
}
