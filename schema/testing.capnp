# Test-only interfaces, served by services/ipc-echo and called by the IPC
# probes (services/ipc-probe, ipc-client, leak-probe). Nothing in a product
# manifest grants them.
#
# Caps travel beside messages (see kernel.capnp): fields called `...Cap`
# name a cap by its index in the call's or reply's cap list.
#
# Ordinals are stable: never renumber, only append.
@0xded8117c3ce8a000;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface Echo @0xed0a730fb2a7f94c {
  echo @0 (data :Data) -> (data :Data);
  # Returns the bytes it was sent.

  useTimer @1 (timerCap :UInt16) -> (ns :UInt64);
  # Calls Timer.now on the sent cap, then releases it.

  callCap @2 (capIndex :UInt16) -> (status :Int32);
  # CALLs Echo.echo on the sent cap (100 ms timeout) and reports the CQE
  # status (0 or -Error): proves a narrowed facet is refused.

  whoami @3 () -> (interfaceId :UInt64, method :UInt16, badge :UInt64,
                   sessionRef :UInt64, disclosed :Bool, principalClass :UInt8,
                   authStrength :UInt8, profileClass :UInt8);
  # The RecvHeader of this very call, as the server saw it.

  hold @4 (ms :UInt32) -> (data :Data, timerCap :UInt16);
  # Sleeps, then returns bytes and a copy of the server's timer cap.

  giveCap @5 (rights :UInt32) -> (timerCap :UInt16);
  # Returns a copy of the server's timer cap narrowed to `rights`.

  lastHoldStatus @6 () -> (status :Int32);
  # Status (0 or -Error) of the server's last RETURN of a hold call.
}
