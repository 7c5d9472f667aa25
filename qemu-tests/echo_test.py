#!/usr/bin/env python3
"""Host-side tests of the guest echo service through QEMU's forwarding.

Boots `system-echo` with tools/run-qemu (stdin=/dev/null, as `make run`),
waits for `[echo] listening on 2327`, then prints one line per check,
`PASS echo-<name>` or `FAIL echo-<name>: <why>` (plus `NOTE` lines), stops
QEMU with SIGTERM and exits 1 if anything failed. Serial log:
BUILD/test-logs/echo.log.

Usage: echo_test.py [--kernel PATH --image PATH] [--standin]
  --standin  test a local Python echo server instead (develops the checks
             without a guest; the guest-only checks are skipped).
Env: BUILD, CAPOS_ACCEL, ECHO_IDLE_WATCH (seconds to watch an idle
accepted connection, default 20).
"""

import argparse
import hashlib
import os
import signal
import socket
import struct
import sys
import threading
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import echo_guest as eg  # noqa: E402
import echo_net as en  # noqa: E402

READY = "[echo] listening on 2327"
DENIED = "[echo] PASS listen-unauthorized-port-denied"
BOOT_LIMIT = 180.0
failures = []


def result(name, why=None):
    if why:
        failures.append(name)
        print("FAIL echo-%s: %s" % (name, why), flush=True)
    else:
        print("PASS echo-%s" % name, flush=True)


def mismatch(sent, got):
    if got == sent:
        return None
    if len(got) != len(sent):
        return "got %d of %d bytes" % (len(got), len(sent))
    first = next(i for i in range(len(sent)) if sent[i] != got[i])
    return "same length, first difference at byte %d" % first


def check_integrity(port):
    data = os.urandom(1 << 20)
    got = en.echo_once(port, data, timeout=60)
    if hashlib.sha256(got).digest() != hashlib.sha256(data).digest():
        return "sha256 differs: " + (mismatch(data, got) or "?")
    return None


def check_concurrent(port, n=100, size=16 << 10):
    socks = []
    try:
        for _ in range(n):
            socks.append(en.connect(port, timeout=20))
        payloads = [os.urandom(size) for _ in range(n)]
        got = en.exchange(socks, payloads, timeout=90)
        bad = [i for i in range(n) if got[i] != payloads[i]]
        if bad:
            return "%d of %d connections wrong, e.g. #%d: %s" % (
                len(bad), n, bad[0], mismatch(payloads[bad[0]], got[bad[0]]))
        return None
    finally:
        for s in socks:
            s.close()


def check_half_close(port):
    data = os.urandom(256 << 10)
    with en.connect(port) as s:
        got = en.exchange([s], [data], timeout=60, half_close=True)[0]
    return mismatch(data, got)


def check_reset(port):
    """RST (SO_LINGER 0) while data flows both ways, then a fresh
    connection must still be served."""
    s = en.connect(port)
    s.settimeout(10)
    chunk = os.urandom(64 << 10)
    for _ in range(8):
        s.sendall(chunk)
    s.recv(4096)  # the echo is flowing
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    time.sleep(0.5)
    data = os.urandom(64 << 10)
    return mismatch(data, en.echo_once(port, data))


def check_slow_reader(port):
    data = os.urandom(1 << 20)
    with en.connect(port) as s:
        got, lead = en.SlowReader(s, data).run(64 << 10, 0.05, timeout=90)
    bad = mismatch(data, got)
    if bad:
        return bad
    # Host, slirp and guest buffers together can absorb the whole payload,
    # so an early sender is not a failure; losing or reordering bytes is.
    print("NOTE echo-slow-reader: sender finished %s before the reader" %
          ("%.2fs" % lead if lead is not None else "never"), flush=True)
    return None


def check_idle(port, watch):
    """A client that connects and sends nothing is reaped by the guest
    (echo closes a connection idle for 60 s), and others are served while
    it idles."""
    idle = en.connect(port)
    try:
        time.sleep(1)
        for _ in range(3):
            data = os.urandom(4096)
            bad = mismatch(data, en.echo_once(port, data))
            if bad:
                return "another client not served while one idles: " + bad
        idle.settimeout(watch)
        start = time.monotonic()
        try:
            extra = idle.recv(1)
            how = "closed by the guest" if not extra else "sent unexpected data %r" % extra
            if extra:
                return "idle connection " + how
        except socket.timeout:
            how = None
        except OSError as e:
            how = "reset by the guest (%s)" % e.strerror
        if how is None:
            return "idle connection still open after %gs (want reaped after 60 s)" % (watch + 1)
        waited = time.monotonic() - start + 1
        if waited < 59:
            return "idle connection %s after only %.1fs (want about 60 s)" % (how, waited)
        print("NOTE echo-idle-client: %s after %.1fs" % (how, waited), flush=True)
        return None
    finally:
        idle.close()


def serve_standin():
    """A loopback echo server with the guest service's semantics."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(128)

    def conn(c):
        with c:
            try:
                while True:
                    data = c.recv(65536)
                    if not data:
                        c.shutdown(socket.SHUT_WR)
                        return
                    c.sendall(data)
            except OSError:
                return

    def loop():
        while True:
            c, _ = srv.accept()
            threading.Thread(target=conn, args=(c,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return srv.getsockname()[1]


def boot(args):
    """Returns (guest, port) or (guest, None) after printing a FAIL."""
    run = ["--manifest", "system-echo"]
    if args.image:
        run = ["--image", args.image]
    if args.kernel:
        run += ["--kernel", args.kernel]
    g = eg.Guest(run, os.path.join(eg.log_dir(), "echo.log"))
    fw = g.forwards(BOOT_LIMIT)
    if not fw:
        result("boot", "no forward lines (stderr: %s)" % " | ".join(g.err[-3:]))
        return g, None
    if not g.saw(READY, BOOT_LIMIT):
        result("boot", "no %r on serial (last: %r)" % (READY, g.lines[-1:]))
        return g, None
    result("boot")
    return g, fw[2327]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel")
    p.add_argument("--image")
    p.add_argument("--standin", action="store_true")
    args = p.parse_args()
    g = None
    if args.standin:
        port = serve_standin()
    else:
        g, port = boot(args)
    try:
        if port:
            watch = float(os.environ.get("ECHO_IDLE_WATCH", "70"))
            checks = [("integrity-1mib", lambda: check_integrity(port)),
                      ("concurrent-100", lambda: check_concurrent(port)),
                      ("half-close", lambda: check_half_close(port)),
                      ("peer-reset", lambda: check_reset(port)),
                      ("slow-reader", lambda: check_slow_reader(port)),
                      ("idle-client", lambda: check_idle(port, watch))]
            for name, fn in checks:
                try:
                    result(name, fn())
                except Exception as e:  # one broken check must not hide the rest
                    result(name, "%s: %s" % (type(e).__name__, e))
            if g:
                result("unauthorized-port-denied",
                       None if g.saw(DENIED, 10) else "no %r on serial" % DENIED)
                problem = g.serial_problem()
                result("guest-clean", problem)
    finally:
        if g:
            rc = g.stop(signal.SIGTERM)
            if port:  # a failed boot was already reported
                result("stop", None if rc == 143 else "run-qemu exit %r after SIGTERM" % rc)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
