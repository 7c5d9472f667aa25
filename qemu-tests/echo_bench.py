#!/usr/bin/env python3
"""`make bench` rows for the echo floor through QEMU's port forwarding.

Boots `system-echo` with tools/run-qemu (the `make run` machine) and
measures, on the forwarded session port: 64-byte round trips on one
connection (p50/p99 of ROUND_TRIPS after a warm-up) and bulk throughput
(BULK bytes sent while the echo is read back). Prints table rows
`| name | value` matching bench.py; exits 1 only if something cannot be
measured. Usage: echo_bench.py [run-qemu args]. Env: BUILD, CAPOS_ACCEL.
"""

import os
import signal
import statistics
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import echo_guest as eg  # noqa: E402
import echo_net as en  # noqa: E402

READY = "[echo] listening on 2327"
ROUND_TRIPS, WARMUP = 2000, 100
BULK = 8 << 20


def round_trips(port, count=ROUND_TRIPS, warmup=WARMUP, gap_s=0.0):
    """Per-round-trip seconds for 64-byte messages, one connection; each
    after `gap_s` of idleness when given."""
    msg = os.urandom(64)
    times = []
    with en.connect(port) as s:
        s.settimeout(10)
        for i in range(warmup + count):
            if gap_s:
                time.sleep(gap_s)
            start = time.perf_counter()
            s.sendall(msg)
            got = b""
            while len(got) < len(msg):
                chunk = s.recv(64 - len(got))
                if not chunk:
                    raise RuntimeError("EOF during round trip %d" % i)
                got += chunk
            if i >= warmup:
                times.append(time.perf_counter() - start)
            if got != msg:
                raise RuntimeError("round trip %d: wrong echo" % i)
    return times


def bulk(port):
    """MB/s (10^6 bytes/s) for BULK bytes each way at the same time."""
    data = os.urandom(BULK)
    with en.connect(port) as s:
        start = time.perf_counter()
        got = en.exchange([s], [data], timeout=300)[0]
        elapsed = time.perf_counter() - start
    if got != data:
        raise RuntimeError("bulk echo differs (%d of %d bytes)" % (len(got), len(data)))
    return BULK / elapsed / 1e6, elapsed


def measure(port):
    rows = []
    t = sorted(round_trips(port))
    p50 = statistics.median(t) * 1e6
    p99 = t[min(len(t) - 1, int(len(t) * 0.99))] * 1e6
    rows.append(("echo 64 B round trip p50 / p99 (%d)" % ROUND_TRIPS,
                 "%.0f us / %.0f us" % (p50, p99)))
    mbs, secs = bulk(port)
    rows.append(("echo bulk %d MiB each way" % (BULK >> 20),
                 "%.1f MB/s (%.2f s)" % (mbs, secs)))
    return rows


def main():
    # Extra arguments go to run-qemu (e.g. --kernel K --image P).
    run = sys.argv[1:] if "--image" in sys.argv else ["--manifest", "system-echo"] + sys.argv[1:]
    g = eg.Guest(run, os.path.join(eg.log_dir(), "echo-bench.log"))
    rows, ok = [], True
    try:
        fw = g.forwards(120)
        if not fw or not g.saw(READY, 180):
            why = " | ".join(g.err[-2:]) or "no %r" % READY
            rows.append(("echo floor (QEMU forwarding)", "cannot measure: %s" % why))
            ok = False
        else:
            accel = next((l.replace("qemu: accelerator ", "") for l in g.err
                          if l.startswith("qemu: accelerator")), "?")
            rows.append(("echo accelerator", accel))
            try:
                rows += measure(fw[2327])
            except (OSError, RuntimeError, TimeoutError) as e:
                rows.append(("echo floor (QEMU forwarding)", "cannot measure: %s" % e))
                ok = False
    finally:
        g.stop(signal.SIGTERM)
    return g.report(rows, ok, "echo")


if __name__ == "__main__":
    sys.exit(main())
