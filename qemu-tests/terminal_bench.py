#!/usr/bin/env python3
"""`make bench` rows for terminals (issue 12 budgets).

Boots `system-echo` for the floor of this run (64-byte round trip p50 and
bulk MB/s), then `system-remote-session-terminal`, and measures:

- shell output flood to a host client: the CLI (tools/remote-session-
  client, Debian's libcapnp: no per-read decoding cost of ours) on pipes
  types FLOOD `help` lines and reads everything back; MB/s from its first
  output byte to its last, / echo bulk (target >= 0.5x);
- keystroke echo latency: one key written while a terminalRead waits, to
  that read's answer with the echoed byte, p50/p99 over KEYS keys, / echo
  p50 (target <= 2x); frames from Debian's `capnp`, pre-encoded, and
  answers matched by request id only, so no decoding is timed. Each key
  follows KEY_GAP_S of idleness (the read is parked first), as a typed key
  does; an idle guest under TCG takes about half a millisecond more to
  answer anything (the echo service too), so the row also gives the ratio
  to the echo floor after the same idle gap;
- guest memory per terminal: the drop in the kernel's free frames
  (stats-port) when a terminal opens (its 256 KiB ring and its shell), and
  the gateway's heap line.

Prints `| name | value` rows; never fails on a time, exits 1 only if
something cannot be measured. Env: BUILD, CAPOS_ACCEL.
"""

import os
import re
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "interop"))
import echo_bench  # noqa: E402
import echo_guest as eg  # noqa: E402
from faults import read_stats  # noqa: E402
from frames import frame  # noqa: E402
from games_bench import settle  # noqa: E402
from rs_wire import dev_passwords as passwords  # noqa: E402
from terms import PROMPT, Term, ref, term_call  # noqa: E402

MANIFEST = "system-remote-session-terminal"
READY = "gateway: listening on 2327"
FLOOD, KEYS = 800, 200
# A typed key comes after the guest went idle; the idle echo floor uses the
# same gap.
KEY_GAP_S, IDLE_ECHOES = 0.03, 60
REPO = os.path.dirname(HERE)


def floor():
    g = eg.Guest(["--manifest", "system-echo"], os.path.join(eg.log_dir(), "term-bench-echo.log"))
    try:
        fw = g.forwards(120)
        if not fw or not g.saw(echo_bench.READY, 180):
            raise RuntimeError("echo guest not ready")
        t = sorted(echo_bench.round_trips(fw[2327]))
        # The floor a keystroke (which follows such a gap) is compared with too.
        idle = echo_bench.round_trips(fw[2327], IDLE_ECHOES, 0, KEY_GAP_S)
        mbs, _ = echo_bench.bulk(fw[2327])
    finally:
        g.stop(signal.SIGTERM)
    return statistics.median(t) * 1e6, statistics.median(idle) * 1e6, mbs




def flood(port, pw):
    build = os.environ.get("BUILD") or os.path.join(REPO, "build")
    cli = os.path.join(build, "host", "tools", "remote-session-client", "remote-session-client")
    state = os.path.join(eg.log_dir(), "term-bench.state")
    if os.path.exists(state):
        os.unlink(state)
    env = dict(os.environ, CAPOS_REMOTE_SESSION_PASSWORD=pw)
    p = subprocess.Popen([cli, "--port", str(port), "--user", "operator", "terminal", "--state",
                          state, "--idle-exit", "3000", "--close"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # The prompt first, so the flood's bytes are timed alone.
    got = b""
    while not re.search(PROMPT.encode(), got):
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            raise RuntimeError("the CLI ended before the prompt")
        got += chunk
    p.stdin.write(b"help\r" * FLOOD)
    p.stdin.close()
    first = last = None
    total = 0
    while True:
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        now = time.perf_counter()
        first = first or now
        last = now
        total += len(chunk)
    rc = p.wait(60)
    if rc != 0 or first is None or last <= first:
        raise RuntimeError("flood: rc %d, %d bytes: %s" % (rc, total, p.stderr.read()[:200]))
    return total, last - first


def keystrokes(port, pw):
    t = Term(port)
    t.login("operator", pw)
    tid, att = t.open()
    _, seq = t.read_until(tid, att, 0, PROMPT)
    keys = [frame(term_call(1 + n, "terminalWrite = (%s, bytes = 0x\"%s\")" % (ref(tid, att), k)))
            for n, k in enumerate(("78", "7f"))]  # `x`, then Backspace: a short line
    times = []
    for i in range(KEYS):
        rid = 1000 + 2 * i
        t.c.send(term_call(rid, "terminalRead = (%s, fromSeq = %d, maxBytes = 0, waitMs = 5000)"
                           % (ref(tid, att), seq)))
        time.sleep(KEY_GAP_S)  # the read is parked in the guest
        start = time.perf_counter()
        t.c.send_raw(keys[i % 2])
        a = t.c.answer_for(rid, 10)
        times.append(time.perf_counter() - start)
        if a is None:
            raise RuntimeError("no echo for key %d" % i)
        r = t.read(tid, att, seq)  # decoded outside the timing: the new seq
        seq = r["nextSeq"]
        if r["data"]:  # a late tail of the echo: acknowledged by the next read
            seq = r["nextSeq"]
    t.logout()
    t.close()
    times.sort()
    return statistics.median(times) * 1e6, times[int(len(times) * 0.99) - 1] * 1e6


def memory(port, stats, pw):
    base = settle(stats)
    t = Term(port)
    t.login("operator", pw)
    logged = settle(stats)
    tid, att = t.open()
    t.read_until(tid, att, 0, PROMPT)
    opened = settle(stats)
    t.logout()
    t.close()
    kib = lambda frames: frames * 4  # noqa: E731
    return kib(logged["freeFrames"] - opened["freeFrames"]), kib(base["freeFrames"] -
                                                                  logged["freeFrames"])


def main():
    rows, ok = [], True
    try:
        echo_us, idle_us, echo_mbs = floor()
        rows.append(("echo floor (terminal run): 64 B p50 / bulk", "%.0f us / %.1f MB/s" % (
            echo_us, echo_mbs)))
        rows.append(("echo floor after %.0f ms idle: 64 B p50 (%d)" % (KEY_GAP_S * 1e3, IDLE_ECHOES),
                     "%.0f us" % idle_us))
    except (OSError, RuntimeError, TimeoutError) as e:
        rows.append(("terminal bench", "cannot measure the echo floor: %s" % e))
        echo_us = None
        ok = False
    g = eg.Guest(["--manifest", MANIFEST], os.path.join(eg.log_dir(), "terminal-bench.log"))
    try:
        fw = g.forwards(120)
        if echo_us is None:
            pass
        elif not fw or not g.saw(READY, 180) or not g.saw("stats-port: listening", 60):
            rows.append(("terminal bench", "cannot measure: gateway or stats-port not ready"))
            ok = False
        else:
            pw = passwords()["operator"]
            try:
                total, secs = flood(fw[2327], pw)
                mbs = total / secs / 1e6
                rows.append(("terminal output flood to the CLI (%d `help`)" % FLOOD,
                             "%.2f MB/s (%d bytes in %.2f s) = %.2fx echo bulk (target >= 0.5x)"
                             % (mbs, total, secs, mbs / echo_mbs)))
                p50, p99 = keystrokes(fw[2327], pw)
                rows.append(("keystroke echo, key to echoed byte p50 / p99 (%d)" % KEYS,
                             "%.0f us / %.0f us = %.1fx echo p50 (target <= 2x); %.1fx the "
                             "echo after the same idle gap" % (p50, p99, p50 / echo_us,
                                                               p50 / idle_us)))
                term_kib, login_kib = memory(fw[2327], fw[8080], pw)
                rows.append(("guest memory per terminal",
                             "%d KiB (its shell process and the 256 KiB ring in the gateway); "
                             "the login before it: %d KiB" % (term_kib, login_kib)))
            except (OSError, RuntimeError, TimeoutError) as e:
                rows.append(("terminal bench", "cannot measure: %s" % e))
                ok = False
    finally:
        g.stop(signal.SIGTERM)
    return g.report(rows, ok, "terminal", allow_killed="shell")


if __name__ == "__main__":
    sys.exit(main())
