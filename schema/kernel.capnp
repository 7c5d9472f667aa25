# Kernel capability interfaces.
#
# Every kernel object a service can hold is one of these interfaces. A CALL SQE
# names the interface id and method ordinal; its params and results are the
# implicit param/result structs of the method, as Cap'n Proto messages in user
# memory. The kernel decodes them with a bounds-checked reader and answers a
# message it cannot decode with the typed error malformedMessage.
#
# Ordinals are stable: never renumber, only append.
@0xfe832d97c0c46321;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface Console @0xd3b0a8d1c5c6e701 {
  # Write-only serial console. Output is prefixed with the writer's service
  # name by the kernel, so a service cannot impersonate another in the log.
  write @0 (text :Text) -> ();
  # Errors: badLength if text exceeds 4 KiB.
}

interface Timer @0xd3b0a8d1c5c6e702 {
  # Monotonic time since boot.
  now @0 () -> (ns :UInt64);
  sleep @1 (ns :UInt64) -> ();
  # Completes after at least `ns` nanoseconds; the caller's ring stays usable.
  sleepUntil @2 (deadlineNs :UInt64) -> ();
  # Completes once now() >= deadlineNs (at once if already past).
}

interface BootPackage @0xd3b0a8d1c5c6e703 {
  # Read-only access to named resources of the boot package.
  list @0 () -> (entries :List(Entry));
  read @1 (name :Text, offset :UInt64, length :UInt32) -> (data :Data);
  # Errors: notFound for an unknown name; the data is clipped at the end of
  # the resource; length is clipped to the caller's result buffer.

  struct Entry {
    name @0 :Text;
    kind @1 :Kind;
    size @2 :UInt64;
  }
  enum Kind {
    unknown @0;
    manifest @1;
    elf @2;
    blob @3;
  }
}

interface ProcessSpawner @0xd3b0a8d1c5c6e704 {
  # Starts a service binary from the boot package. The child receives exactly
  # the listed grants, each a cap the caller itself holds (by slot); it can
  # never receive more authority than the caller has.
  spawn @0 (name :Text, binary :Text, grants :List(Grant), heapPages :UInt32)
        -> (pid :UInt32);
  # Errors: notFound (binary), badImage / abiMismatch (ELF refused),
  # badSlot / staleGeneration (grant), noMemory (quota).

  struct Grant {
    name @0 :Text;        # name under which the child sees the cap
    slot @1 :UInt32;      # caller's slot ...
    generation @2 :UInt32;  # ... and the generation it saw
  }
}
