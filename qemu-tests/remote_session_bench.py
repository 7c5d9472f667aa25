#!/usr/bin/env python3
"""`make bench` rows for the remote-session gateway (issue 5 budgets).

Boots `system-echo` and measures the echo 64-byte round trip p50 (the
floor, in this same run), then boots `system-remote-session-capset-interop`
with tools/run-qemu and measures from the host, speaking the wire protocol
directly (length-prefixed frames; requests encoded once up front and
responses checked in one batch by Debian's `capnp` tool):

- sessionInfo round trip p50/p99 on one logged-in connection, / echo p50;
- chat send through the per-session worker p50/p99, / echo p50;
- password login latency (PBKDF2 included), p50 over fresh connections;
- SESSIONS concurrent authenticated sessions each making CALLS sessionInfo
  calls: failures and total time;
- the gateway's heap per session, from its `gateway: sessions=N conns=M
  heap-used=B` serial lines: (heap at N sessions - heap at 0) / N;
- issue 8's admission budgets (admission_bench.py).

Prints `| name | value` rows; never fails on a time, exits 1 only if
something cannot be measured. Env: BUILD, CAPOS_ACCEL.
"""

import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import admission_bench  # noqa: E402
import echo_bench  # noqa: E402
import echo_guest as eg  # noqa: E402
from rs_wire import CHAT_ID, Conn, decode_all, frame, login_frame  # noqa: E402
from rs_wire import dev_passwords as passwords  # noqa: E402

READY = "gateway: listening on 2327"
HEAP_RE = re.compile(r"gateway: sessions=(\d+) conns=(\d+) heap-used=(\d+)")
INFO_CALLS, CHAT_CALLS, LOGINS, WARMUP = 500, 500, 10, 20
SESSIONS, CALLS = 64, 100
# Gateway bound: 16 concurrent logins per principal (conn_loop.h).
PRINCIPALS = ["guest", "anonymous", "operator", "alice"]


def timed(conn, fr, n):
    times, resps = [], []
    for i in range(WARMUP + n):
        t0 = time.perf_counter()
        r = conn.rpc(fr)
        if i >= WARMUP:
            times.append(time.perf_counter() - t0)
            resps.append(r)
    return sorted(times), resps


def pct(t, q):
    return t[min(len(t) - 1, int(len(t) * q))] * 1e6


def check(resps, want):
    lines = decode_all(resps)
    bad = [l for l in lines if want not in l or "denied" in l]
    if len(lines) != len(resps) or bad:
        raise RuntimeError("%d of %d answers not %s: %s" % (len(bad) or len(resps) - len(lines),
                                                            len(resps), want, (bad or ["?"])[0][:120]))


def echo_floor(with_bulk=False):
    """The echo round trip p50 in us of this run; with_bulk: and its bulk
    MB/s (echo_bench.bulk), as a pair."""
    g = eg.Guest(["--manifest", "system-echo"], os.path.join(eg.log_dir(), "rs-bench-echo.log"))
    try:
        fw = g.forwards(120)
        if not fw or not g.saw(echo_bench.READY, 180):
            raise RuntimeError("echo guest not ready")
        t = sorted(echo_bench.round_trips(fw[2327]))
        mbs = echo_bench.bulk(fw[2327])[0] if with_bulk else None
    finally:
        g.stop(signal.SIGTERM)
    problem = g.serial_problem()
    if problem:
        raise RuntimeError("echo guest: %s" % problem)
    us = statistics.median(t) * 1e6
    return (us, mbs) if with_bulk else us


STAGES_RE = re.compile(r"gateway: stages frames=(\d+) ns/frame (.*)")


def stages_after_logout(g, conn, rows, name):
    """Logs `conn` out and adds the gateway's per-stage line for the phase
    that logout ends (stage_clock.h) as a row."""
    with g.cond:
        before = len(g.lines)
    conn.rpc(frame("(requestId = 99, logout = void)"))
    conn.close()
    end = time.monotonic() + 10
    while time.monotonic() < end:
        with g.cond:
            found = [m for m in map(STAGES_RE.search, g.lines[before:]) if m]
        if found:
            m = found[0]
            rows.append((name, "%s frames: %s" % (m.group(1), m.group(2))))
            worker_split(g, before, m.group(2), rows)
            return
        time.sleep(0.1)
    rows.append((name, "cannot measure: no `gateway: stages` line"))


WORKER_RE = re.compile(r"chat-worker: cycles/relay (\d+), of which the chat call (\d+)")


def worker_split(g, since, stages, rows):
    """The chat worker's own split of a relay (its line at logout), in ns by
    the gateway's TSC calibration."""
    per_ms = re.search(r"tsc/ms=(\d+)", stages)
    end = time.monotonic() + 5
    while per_ms and int(per_ms.group(1)) and time.monotonic() < end:
        with g.cond:
            found = [m for m in map(WORKER_RE.search, g.lines[since:]) if m]
        if found:
            k = int(per_ms.group(1)) / 1e6  # cycles per ns
            relay, chat = (int(x) / k for x in found[-1].groups())
            rows.append(("  of a relay, in the worker",
                         "%.0f ns serving it, of which %.0f ns its Chat call (chat-server round "
                         "trip)" % (relay, chat)))
            return
        time.sleep(0.1)


def heap_lines(g):
    with g.cond:
        return [tuple(int(x) for x in m.groups()) for m in map(HEAP_RE.search, g.lines) if m]


def measure(g, port, echo_us, rows):
    pw = passwords()
    c = Conn(port)
    check([c.rpc(login_frame("operator", pw["operator"]))], "loggedIn")
    t, resps = timed(c, frame("(requestId = 2, sessionInfo = void)"), INFO_CALLS)
    check(resps, "sessionInfo")
    p50 = statistics.median(t) * 1e6
    rows.append(("sessionInfo round trip p50 / p99 (%d)" % INFO_CALLS,
                 "%.0f us / %.0f us; %.2fx echo (target <= 1.5x)" % (p50, pct(t, .99), p50 / echo_us)))
    stages_after_logout(g, c, rows, "  sessionInfo stages, ns")
    c = Conn(port)
    check([c.rpc(login_frame("operator", pw["operator"]))], "loggedIn")
    check([c.rpc(frame("(requestId = 3, call = (capName = \"chat\", interfaceId = %d, "
                       "chatJoin = void))" % CHAT_ID))], "chatJoined")
    t, resps = timed(c, frame("(requestId = 4, call = (capName = \"chat\", interfaceId = %d, "
                              "chatSend = \"bench\"))" % CHAT_ID), CHAT_CALLS)
    check(resps, "sent = true")
    p50 = statistics.median(t) * 1e6
    rows.append(("chat send via worker p50 / p99 (%d)" % CHAT_CALLS,
                 "%.0f us / %.0f us; %.2fx echo (target <= 2.5x)" % (p50, pct(t, .99), p50 / echo_us)))
    stages_after_logout(g, c, rows, "  chat send stages, ns")

    # Login: fresh connection each, only the login frame's round trip timed.
    lt, resps = [], []
    for _ in range(LOGINS):
        c = Conn(port)
        fr = login_frame("operator", pw["operator"])
        t0 = time.perf_counter()
        resps.append(c.rpc(fr))
        lt.append(time.perf_counter() - t0)
        c.rpc(frame("(requestId = 2, logout = void)"))
        c.close()
    check(resps, "loggedIn")
    lt.sort()
    rows.append(("login, password + PBKDF2, p50 / max (%d)" % LOGINS,
                 "%.1f ms / %.1f ms" % (statistics.median(lt) * 1e3, lt[-1] * 1e3)))

    time.sleep(1)
    zero = [h for h in heap_lines(g) if h[0] == 0 and h[1] == 0]
    if not zero:
        rows.append(("gateway heap per session", "cannot measure: no heap line at 0 sessions"))
        return False
    return concurrent(g, port, pw, zero[-1], rows)


def concurrent(g, port, pw, base, rows):
    conns, denied, why = [], 0, ""
    t0 = time.monotonic()
    for k in range(SESSIONS):
        who = PRINCIPALS[k % len(PRINCIPALS)]
        c = Conn(port)
        r = c.rpc(login_frame(who, pw.get(who, "")))
        if b"" == r or "loggedIn" not in decode_all([r])[0]:
            denied += 1
            why = why or decode_all([r])[0][:100]
            c.close()
            continue
        conns.append(c)
    setup = time.monotonic() - t0
    time.sleep(1)
    at = [h for h in heap_lines(g) if h[0] == len(conns)]
    fr = frame("(requestId = 7, sessionInfo = void)")
    lock = threading.Lock()
    errors, firsts, odd = [0], [], []

    # A session's answers to the same request are byte-identical; the first
    # of each and every one that differs are decoded afterwards.
    def run(c):
        first, differ, err = None, [], 0
        for _ in range(CALLS):
            try:
                r = c.rpc(fr)
            except (OSError, RuntimeError):
                err += 1
                break
            if first is None:
                first = r
            elif r != first:
                differ.append(r)
        with lock:
            errors[0] += err * CALLS
            if first is not None:
                firsts.append(first)
            odd.extend(differ)

    threads = [threading.Thread(target=run, args=(c,)) for c in conns]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    total = time.monotonic() - t0
    lines = decode_all(firsts + odd) if firsts else []
    bad_first = sum(1 for l in lines[:len(firsts)] if "sessionInfo" not in l or "denied" in l)
    bad_odd = sum(1 for l in lines[len(firsts):] if "sessionInfo" not in l or "denied" in l)
    fails = [errors[0] + bad_first * CALLS + bad_odd]
    rows.append(("%d concurrent sessions x %d sessionInfo" % (SESSIONS, CALLS),
                 "%d logged in (%d login denials%s); %d calls, %d failures, %.2f s (%.0f calls/s); "
                 "logins took %.1f s" % (len(conns), denied, ": " + why if why else "",
                                         len(conns) * CALLS, fails[0], total,
                                         len(conns) * CALLS / total if total else 0, setup)))
    for c in conns:
        c.close()
    if not conns or not at:
        rows.append(("gateway heap per session", "cannot measure: no heap line at %d sessions"
                     % len(conns)))
        return False
    n, _, used = at[-1]
    rows.append(("gateway heap per session",
                 "%.1f KiB ((%d B at %d sessions - %d B at %d) / %d; connection buffers included)"
                 % ((used - base[2]) / n / 1024, used, n, base[2], base[0], n)))
    time.sleep(1)
    admission_bench.measure(port, pw, rows)
    return True


def main():
    rows, ok = [], True
    try:
        echo_us = echo_floor()
        rows.append(("echo 64 B round trip p50 (this run)", "%.0f us" % echo_us))
    except (OSError, RuntimeError, TimeoutError) as e:
        rows.append(("remote-session bench", "cannot measure the echo floor: %s" % e))
        echo_us, ok = None, False
    g = eg.Guest(["--manifest", "system-remote-session-capset-interop"],
                 os.path.join(eg.log_dir(), "rs-bench.log"))
    try:
        fw = g.forwards(120)
        if echo_us is None:
            pass
        elif not fw or not g.saw(READY, 180):
            rows.append(("remote-session bench", "cannot measure: gateway not ready"))
            ok = False
        else:
            accel = next((l.replace("qemu: accelerator ", "") for l in g.err
                          if l.startswith("qemu: accelerator")), "?")
            rows.insert(0, ("remote-session accelerator", accel))
            try:
                if measure(g, fw[2327], echo_us, rows) is False:
                    ok = False
            except (OSError, RuntimeError, TimeoutError, subprocess.SubprocessError) as e:
                rows.append(("remote-session bench", "cannot measure: %s" % e))
                ok = False
    finally:
        g.stop(signal.SIGTERM)
    return g.report(rows, ok, "remote-session")


if __name__ == "__main__":
    sys.exit(main())
