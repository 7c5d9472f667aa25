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

  struct Options {
    exitWhenIdle @0 :Bool;
    # Power the guest off (isa-debug-exit, clean status) once every process
    # has exited. Used by focused test manifests; the default boot keeps running.
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
  }

  enum CapKind {
    console @0;
    timer @1;
    bootPackage @2;
    processSpawner @3;
    tcpListenAuthority @4;
  }
}
