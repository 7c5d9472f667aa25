# The compiled boot manifest: which services run, with exactly which caps.
#
# Produced on the host from the CUE manifests by tools/manifest-compiler and
# placed in the boot package. The kernel reads it to start init with init's
# grants; init reads it (through its BootPackage cap) to start the rest.
@0x807859663c0fb30b;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

struct BootManifest {
  services @0 :List(Service);
  # Started in order; the first must be named "init".
  options @1 :Options;
  endpoints @2 :List(Endpoint);
  # IPC endpoints init creates (EndpointFactory) before starting services;
  # grants of kind `endpoint` hand out their facets.
  launcherProfiles @3 :List(LauncherProfile);
  # Policy of services/launcher: what each profile may start, and with what.

  struct Options {
    exitWhenIdle @0 :Bool;
    # Power the guest off (isa-debug-exit, clean status) once every process
    # has exited. Used by focused test manifests; the default boot keeps running.
    staticAddress @1 :Bool;
    # Use 10.0.2.15/24 gw 10.0.2.2 (QEMU user networking) instead of DHCP.
  }

  struct Service {
    name @0 :Text;      # unique, [a-z][a-z0-9-]*
    binary @1 :Text;    # boot-package ELF entry name
    grants @2 :List(Grant);
    heapPages @3 :UInt32;
  }

  struct Grant {
    name @0 :Text;      # the name the service looks the cap up by
    kind @1 :CapKind;
    port @2 :UInt16;    # tcpListenAuthority only: the one port it may listen on
    endpoint @3 :Text;  # endpoint only: which manifest endpoint ...
    facet @4 :Facet;    # ... and which side of it
    resource @5 :Text;
    # bootResource only: the boot-package entry name of the one blob the cap
    # reads ([a-z][a-z0-9-], at most 27 bytes so that init's "res-<name>"
    # fits a CapSet name). The kernel refuses to boot if it is not a blob.
  }

  enum CapKind {
    console @0;
    timer @1;
    bootPackage @2;
    processSpawner @3;
    tcpListenAuthority @4;
    endpointFactory @5;
    sessionAuthority @6;
    entropy @7;
    diagnostics @8;
    endpoint @9;
    bootResource @10;
    # A BootPackage cap scoped to one blob (Grant.resource): list shows only
    # that entry and read answers notFound for every other name, exactly as
    # for a name the package lacks. Made by the kernel, one per distinct
    # resource, handed to init as "res-<name>"; init only passes it on and
    # can never be granted one itself (as with tcpListenAuthority).
  }

  enum Facet {
    client @0;   # may CALL
    owner @1;    # may RECV and RETURN (the serving side)
  }

  struct Endpoint {
    name @0 :Text;          # unique among endpoints
    interfaceId @1 :UInt64; # the Cap'n Proto interface it serves
    disclose @2 :Bool;      # the owner sees callers' principal/auth/profile class
  }

  struct LauncherProfile {
    name @0 :Text;
    binaries @1 :List(Text);        # the only binaries this profile may start
    grants @2 :List(GrantShape);    # exactly the grants a launch must supply
    heapPages @3 :UInt32;
    maxInstances @4 :UInt32;
    # Live processes of this profile at once, across every caller (0 = no
    # limit). The launcher counts the children it started that still run.
  }

  struct GrantShape {
    name @0 :Text;
    interfaceId @1 :UInt64;
  }
}
