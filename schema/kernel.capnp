# Kernel capability interfaces.
#
# Every kernel object a service can hold is one of these interfaces. A CALL SQE
# names the interface id and method ordinal; its params and results are the
# implicit param/result structs of the method, as Cap'n Proto messages in user
# memory. The kernel decodes them with a bounds-checked reader and answers a
# message it cannot decode with the typed error malformedMessage.
#
# Caps never travel inside these messages (the kernel's reader rejects
# capability pointers). They travel beside them: a CALL lists CapTransfer
# entries, a reply lists CapDescriptors (kernel-abi/abi.h), and a message
# names a cap by its index in that list (fields called `...Cap :UInt16`).
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
  wallClock @3 () -> (unixNs :UInt64);
  # Time of day (Unix ns, UTC) from the RTC read at boot plus monotonic time
  # since; 0 when the RTC was unreadable. Not for ordering events (use now):
  # it says what the host's clock said at boot, nothing more.
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
  # the listed grants, each a cap the caller sent with this CALL (so it holds
  # it, with at most the rights it sent); a child can never receive more
  # authority than its parent has.
  spawn @0 (name :Text, binary :Text, grants :List(Grant), heapPages :UInt32,
            sessionCap :Int16 = -1)
        -> (pid :UInt32, handleCap :UInt16);
  # sessionCap: index of a sent SessionCell cap with the bind right; the
  # child is then bound to that session (its calls carry the session and
  # fail as staleSession once it is logged out). -1: not bound.
  # handleCap: index of the returned ProcessHandle.
  # Errors: notFound (binary), badImage / abiMismatch (ELF refused),
  # badLength (names, quota), denied (session cap without bind right),
  # noMemory (quota).

  struct Grant {
    name @0 :Text;        # name under which the child sees the cap
    capIndex @1 :UInt16;  # index in the CALL's sent caps
  }
}

interface ProcessHandle @0xd3b0a8d1c5c6e705 {
  # The parent's view of one spawned process. Holding it allows waiting for
  # and killing that process, nothing else.
  wait @0 () -> (exitStatus :Int32, killed :Bool, faulted :Bool);
  # Completes when the process has ended (at once if it already has).
  kill @1 () -> ();
  # Forced termination; its caps are released as on exit. No-op once ended.
  status @2 () -> (running :Bool, exitStatus :Int32);
}

interface EndpointFactory @0xd3b0a8d1c5c6e706 {
  # Creates an IPC endpoint serving `interfaceId`: an owner facet (RECV and
  # RETURN; with disclose, RecvHeaders carry the caller's principal class,
  # auth strength and profile class) and a client facet (CALL) whose calls
  # carry `badge`.
  create @0 (interfaceId :UInt64, disclose :Bool, badge :UInt64)
         -> (ownerCap :UInt16, clientCap :UInt16);
}

interface SessionAuthority @0xd3b0a8d1c5c6e707 {
  # Session cells: the kernel half of a user session. Only the holder of
  # this cap can mint cells or log them out.
  mint @0 (principalClass :UInt8, authStrength :UInt8, profileClass :UInt8)
       -> (cellCap :UInt16);
  # The returned SessionCell cap has the bind right; narrow it when sending.
  logout @1 (cellCap :UInt16) -> ();
  # cellCap: index of a sent SessionCell cap. Logging out is final: every
  # later call of a process bound to it fails as staleSession, and RETURNs
  # to calls it made are dropped.
}

interface SessionCell @0xd3b0a8d1c5c6e708 {
  status @0 () -> (live :Bool);
}

interface EntropySource @0xd3b0a8d1c5c6e709 {
  # Random bytes from the CPU's hardware generator (RDSEED/RDRAND).
  read @0 (length :UInt32) -> (data :Data);
  # Errors: notFound when the machine has no entropy source; length is
  # clipped to the result buffer and to 4 KiB.
}

interface Diagnostics @0xd3b0a8d1c5c6e70a {
  # Kernel accounting, for tests and benchmarks (leak checks, process counts).
  stats @0 () -> (processes :UInt32, objects :UInt32, freeFrames :UInt64,
                  kernelAllocations :UInt64, liveSessions :UInt32);
}

interface TcpListenAuthority @0xd3b0a8d1c5c6e70b {
  # Authority to listen on exactly one TCP port, fixed by the manifest when
  # the kernel created it. No service ever holds a broader network cap.
  listen @0 (port :UInt16, backlog :UInt32) -> (listenerCap :UInt16);
  # Errors: denied (any port but this authority's), busy (already bound),
  # notFound (no network), badLength (backlog 0 or over 64).
  port @1 () -> (port :UInt16);
}

interface TcpListener @0xd3b0a8d1c5c6e70c {
  accept @0 () -> (socketCap :UInt16, peerAddress :UInt32, peerPort :UInt16);
  # Completes when a connection is ready (waits as long as it takes; cancel
  # the CALL to stop waiting). Connections not accepted within the reap time
  # are reset by the kernel; at most `backlog` wait. `peerAddress` (IPv4,
  # a.b.c.d as a<<24|b<<16|c<<8|d) and `peerPort` come from the kernel's TCP
  # state, so a service can key per-source policy on them; behind QEMU user
  # networking every host client has the same address (the slirp gateway).
  close @1 () -> ();
}

interface TcpSocket @0xd3b0a8d1c5c6e70d {
  recv @0 (maxBytes :UInt32, timeoutMs :UInt32) -> (data :Data, eof :Bool);
  # Completes on data (1..maxBytes bytes), on the peer's FIN (eof, no
  # bytes), or with the error reset; timeoutMs > 0 bounds the wait
  # (timedOut). One recv may be pending per socket (busy otherwise).
  send @1 (data :Data) -> (accepted :UInt32);
  # Takes as many bytes as the send window has room for, waiting until at
  # least one fits: the caller sends the rest again (backpressure instead of
  # unbounded buffering). Errors: reset, closed (after shutdown write).
  shutdown @2 (read :Bool, write :Bool) -> ();
  close @3 () -> ();
  # Graceful close; releasing the last cap to the socket closes it too.
}
