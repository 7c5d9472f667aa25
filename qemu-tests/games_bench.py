#!/usr/bin/env python3
"""`make bench` rows for the games (issue 9 budgets).

Boots `system-echo` for the echo 64-byte round trip p50 (the floor, this
run), then `system-remote-session-adventure-interop`, and speaks the wire
protocol from the host (rs_wire: frames encoded by Debian's `capnp`):

- Adventure launch, request to `running`, median of LAUNCHES launches (each
  a fresh graph: the worker bound to the session and the two shared
  companions, since the stop before it was the last session's);
- `adventure look` round trip p50/p99 on a launched session, / echo p50;
- guest memory per launched Adventure session and per Paperclips game:
  the drop in the kernel's free frames (stats-port on guest :8080) when a
  session launches it, the companions counted once for the first session.

Prints `| name | value` rows; never fails on a time, exits 1 only if
something cannot be measured. Env: BUILD, CAPOS_ACCEL.
"""

import os
import re
import signal
import statistics
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "interop"))
import echo_guest as eg  # noqa: E402
from faults import read_stats  # noqa: E402
from remote_session_bench import echo_floor, pct, timed  # noqa: E402
from rs_wire import Conn, decode_all, frame, login_frame  # noqa: E402
from rs_wire import dev_passwords as passwords  # noqa: E402

MANIFEST = "system-remote-session-adventure-interop"
READY = "gateway: listening on 2327"
ADVENTURE_ID = 0xfe43154b6712571c
PAPERCLIPS_ID = 0xa3051fc2cb5251cf
LAUNCHES, LOOKS = 10, 300


def launch_frame(rid, profile, iface):
    return frame('(requestId = %d, serviceLaunch = (profile = "%s", grants = '
                 '[(name = "%s", interfaceId = %d)]))' % (rid, profile, profile, iface))


def stop_frame(rid, profile):
    return frame('(requestId = %d, serviceStop = "%s")' % (rid, profile))


def verb_frame(rid, cap, iface, verb):
    return frame('(requestId = %d, call = (capName = "%s", interfaceId = %d, %s = '
                 '(verb = "%s", args = [])))' % (rid, cap, iface, cap, verb))


def expect_state(payload, want):
    line = decode_all([payload])[0]
    if "serviceState" not in line or want not in line:
        raise RuntimeError("expected %s, got %s" % (want, line[:160]))


def settle(stats_port, key="freeFrames", rounds=3):
    """A reading once `key` stopped moving (three equal in a row)."""
    last, same = None, 0
    end = time.monotonic() + 30
    while time.monotonic() < end:
        s = read_stats(stats_port)
        same = same + 1 if s[key] == last else 1
        last = s[key]
        if same == rounds:
            return s
        time.sleep(0.3)
    return s


def measure(ports, echo_us, rows):
    pw = passwords()
    port, stats = ports[2327], ports[8080]
    op = Conn(port)
    op.rpc(login_frame("operator", pw["operator"]))
    times = []
    for i in range(LAUNCHES):
        t0 = time.perf_counter()
        r = op.rpc(launch_frame(10 + 2 * i, "adventure", ADVENTURE_ID))
        times.append(time.perf_counter() - t0)
        expect_state(r, "running")
        expect_state(op.rpc(stop_frame(11 + 2 * i, "adventure")), "notRunning")
    rows.append(("Adventure launch to running, median / max (%d)" % LAUNCHES,
                 "%.1f ms / %.1f ms (worker + 2 companions each time)"
                 % (statistics.median(times) * 1e3, max(times) * 1e3)))

    base = settle(stats)
    expect_state(op.rpc(launch_frame(50, "adventure", ADVENTURE_ID)), "running")
    time.sleep(3)  # the companions start after the answer
    first = settle(stats)
    al = Conn(port)
    al.rpc(login_frame("alice", pw["alice"]))
    expect_state(al.rpc(launch_frame(2, "adventure", ADVENTURE_ID)), "running")
    second = settle(stats)
    look = verb_frame(60, "adventure", ADVENTURE_ID, "look")
    t, resps = timed(op, look, LOOKS)
    bad = [l for l in decode_all(resps) if "adventure" not in l or "denied" in l]
    if bad:
        raise RuntimeError("look answered %s" % bad[0][:160])
    p50 = pct(t, 0.5)
    rows.append(("adventure look round trip p50 / p99 (%d)" % LOOKS,
                 "%.0f us / %.0f us = %.2fx echo (target <= 2.5x)"
                 % (p50, pct(t, 0.99), p50 / echo_us)))
    expect_state(op.rpc(launch_frame(70, "paperclips", PAPERCLIPS_ID)), "running")
    third = settle(stats)
    kib = lambda frames: frames * 4  # noqa: E731
    rows.append(("guest memory per launched Adventure session",
                 "%d KiB (worker and its kernel objects); the first session also starts the "
                 "shared companions: %d KiB" % (kib(first["freeFrames"] - second["freeFrames"]),
                                                kib(base["freeFrames"] - first["freeFrames"]))))
    rows.append(("guest memory per Paperclips game",
                 "%d KiB (its worker; the game's state is in the server's fixed table)"
                 % kib(second["freeFrames"] - third["freeFrames"])))
    for c in (al, op):
        c.rpc(frame("(requestId = 99, logout = void)"))
        c.close()


SERVER_RE = re.compile(r"adventure-server: cycles/verb (\d+) over (\d+) verbs")
WORKER_RE = re.compile(r"adventure-worker: cycles/relay (\d+), of which the adventure call (\d+)")
STAGES_RE = re.compile(r"gateway: stages frames=(\d+) ns/frame (.*)")


def breakdown(g, rows):
    """Where a look goes: the gateway's stage line for the phase (the
    largest one: the look loop) and the operator's worker's own split, in
    ns by the gateway's TSC calibration."""
    end = time.monotonic() + 10
    while time.monotonic() < end:
        with g.cond:
            stages = [m for m in map(STAGES_RE.search, g.lines) if m]
            worker = [m for m in map(WORKER_RE.search, g.lines) if m]
        if stages and worker:
            break
        time.sleep(0.2)
    if not stages or not worker:
        rows.append(("  look breakdown", "cannot measure: no stage or worker line"))
        return
    m = max(stages, key=lambda x: int(x.group(1)))
    rows.append(("  gateway stages of that phase, ns", "%s frames: %s" % (m.group(1), m.group(2))))
    per_ms = re.search(r"tsc/ms=(\d+)", m.group(2))
    k = int(per_ms.group(1)) / 1e6 if per_ms else 0
    relays = [tuple(int(x) for x in w.groups()) for w in worker]
    relay, call = max(relays)
    if k:
        rows.append(("  of a look relay, in the worker",
                     "%.0f ns serving it, of which %.0f ns its Adventure call (adventure-server "
                     "round trip)" % (relay / k, call / k)))
        with g.cond:
            server = [m for m in map(SERVER_RE.search, g.lines) if m]
        if server:
            cycles, verbs = (int(x) for x in server[-1].groups())
            rows.append(("  adventure-server, handling one verb",
                         "%.0f ns (mean over %d verbs: decode, the world, the View, encode)"
                         % (cycles / k, verbs)))


def main():
    rows, ok = [], True
    try:
        echo_us = echo_floor()
        rows.append(("echo 64 B round trip p50 (games run)", "%.0f us" % echo_us))
    except (OSError, RuntimeError, TimeoutError) as e:
        rows.append(("games bench", "cannot measure the echo floor: %s" % e))
        echo_us, ok = None, False
    g = eg.Guest(["--manifest", MANIFEST], os.path.join(eg.log_dir(), "games-bench.log"))
    try:
        fw = g.forwards(120)
        if echo_us is None:
            pass
        elif not fw or not g.saw(READY, 180) or not g.saw("stats-port: listening", 60):
            rows.append(("games bench", "cannot measure: gateway or stats-port not ready"))
            ok = False
        else:
            try:
                measure(fw, echo_us, rows)
                breakdown(g, rows)
            except (OSError, RuntimeError, TimeoutError) as e:
                rows.append(("games bench", "cannot measure: %s" % e))
                ok = False
    finally:
        g.stop(signal.SIGTERM)
    return g.report(rows, ok, "games", allow_killed="adventure-npc")


if __name__ == "__main__":
    sys.exit(main())
