#!/usr/bin/env python3
"""`make run` port forwarding, checked against real QEMU.

Each check prints `PASS ports-<name>` or `FAIL ports-<name>: <why>`; exit 1
if any failed. Boots the `system` image (it stays up until signalled; the
forwards exist whether or not the guest listens), with stdin=/dev/null as in
scripts. Env: BUILD, CAPOS_ACCEL, CAPOS_PORTS_IMAGE (default system).
"""

import os
import signal
import socket
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import echo_guest as eg  # noqa: E402
from run_scenario import rq  # noqa: E402

IMAGE = os.environ.get("CAPOS_PORTS_IMAGE", "system")
failures = []


def result(name, why=None):
    if why:
        failures.append(name)
        print("FAIL ports-%s: %s" % (name, why), flush=True)
    else:
        print("PASS ports-%s" % name, flush=True)


def held_socket(port=0):
    """A listening socket on 127.0.0.1:port (0 = any), or None if taken."""
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        return None
    s.listen(1)
    return s


BOOTED = []  # (name, Guest): every guest's serial is scanned at the end


def boot(name, args=(), env=None):
    g = eg.Guest(["--manifest", IMAGE] + list(args),
                 os.path.join(eg.log_dir(), "ports-%s.log" % name), env)
    BOOTED.append((name, g))
    return g


def serial_clean():
    """No guest these checks booted showed a PANIC, FAIL line or kill."""
    for name, g in BOOTED:
        problem = g.serial_problem()
        if problem:
            return "%s: %s" % (name, problem)
    return None


def signal_stops(name, sig, want_rc):
    """Boot, parse the lines, check QEMU holds the ports, signal, check that
    nothing is left behind."""
    g = boot(name)
    try:
        fw = g.forwards()
        if not fw:
            return "no forward lines as the first stdout lines: %r" % g.lines[:3]
        qemu = g.qemu_pids()
        if len(qemu) != 1:
            return "expected one QEMU child, found %r" % qemu
        for port in fw.values():
            if not eg.listening(port):
                return "port %d not listening" % port
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass
        rc = g.stop(sig)
        if rc != want_rc:
            return "run-qemu exit %r after signal %d, want %d" % (rc, sig, want_rc)
        end = time.monotonic() + 5
        while eg.pid_alive(qemu[0]) and time.monotonic() < end:
            time.sleep(0.05)
        if eg.pid_alive(qemu[0]):
            return "QEMU pid %d still running" % qemu[0]
        busy = [p for p in fw.values() if eg.listening(p)]
        return "ports still listening: %r" % busy if busy else None
    finally:
        g.stop(signal.SIGKILL)


def default_taken():
    """A taken default is replaced by a free port."""
    hold = held_socket(2327)
    if hold is None and not eg.listening(2327):
        return "could not occupy 127.0.0.1:2327 for the check"
    g = boot("default-taken")
    try:
        fw = g.forwards()
        if not fw:
            return "no forward lines: %r" % g.lines[:3]
        if fw[2327] == 2327 or not eg.listening(fw[2327]):
            return "session port %d: expected a free replacement" % fw[2327]
        return None
    finally:
        g.stop()
        if hold:
            hold.close()


def explicit_taken(how):
    """An explicit taken port fails with exit 2, naming the source."""
    hold = held_socket()
    port = hold.getsockname()[1]
    if how == "env":
        args, env, source = [], eg.clean_env(CAPOS_REMOTE_UI_PORT=str(port)), \
            "CAPOS_REMOTE_UI_PORT"
    else:
        args, env, source = ["--session-port", str(port)], None, "--session-port"
    g = boot("explicit-" + how, args, env)
    try:
        rc = g.proc.wait(30)
        g.stop()
        err = "\n".join(g.err)
        if rc != 2:
            return "exit %r, want 2 (stderr %r)" % (rc, err)
        if "%s=%d" % (source, port) not in err or "in use" not in err:
            return "stderr does not name %s=%d: %r" % (source, port, err)
        if g.lines:
            return "stdout not empty: %r" % g.lines[:2]
        return None
    finally:
        g.stop(signal.SIGKILL)
        hold.close()


def explicit_free():
    """An explicit free port is used as given."""
    probe = held_socket()
    port = probe.getsockname()[1]
    probe.close()
    g = boot("explicit-free", env=eg.clean_env(CAPOS_REMOTE_SESSION_PORT=str(port)))
    try:
        fw = g.forwards()
        if not fw or fw[2327] != port:
            return "forwards %r, want session %d" % (fw, port)
        return None
    finally:
        g.stop()


def race_retry():
    """QEMU losing a default port between probe and bind: relaunch on
    another one; losing an explicit one: exit 2. Simulated by making the
    probe lie about a held port."""
    hold = held_socket()
    port = hold.getsockname()[1]
    real = rq.port_free
    rq.port_free = lambda p: p == port or real(p)
    try:
        kernel = rq.default_kernel(rq.build_root(None))
        image = rq.manifest_image(rq.build_root(None), IMAGE)
        accel, _ = rq.choose_accel(None)
        s, ports, code = rq.launch(kernel, image, accel,
                                   [(None, port), (None, 8080), (None, 2328)], [])
        if s is None:
            return "default port: launch gave up (code %r)" % code
        rq.stop(s.proc)
        s.drain()
        if ports[0] == port or code is not None:
            return "default port: kept the lost port %d (%r)" % (port, ports)
        s, _, code = rq.launch(kernel, image, accel, [("CAPOS_REMOTE_SESSION_PORT", port),
                                                      (None, 8080), (None, 2328)], [])
        if s is not None:
            rq.stop(s.proc)
            return "explicit port: QEMU ran although %d was taken" % port
        return None if code == rq.EXIT_USAGE else "explicit port: code %r, want 2" % code
    finally:
        rq.port_free = real
        hold.close()


def main():
    pkg = rq.manifest_image(rq.build_root(None), IMAGE)
    if not os.path.isfile(pkg):
        result("image", "%s missing (run `make build` first)" % pkg)
        return 1
    checks = [("sigterm", lambda: signal_stops("sigterm", signal.SIGTERM, 143)),
              ("sigint", lambda: signal_stops("sigint", signal.SIGINT, 130)),
              ("default-taken", default_taken),
              ("explicit-env-taken", lambda: explicit_taken("env")),
              ("explicit-option-taken", lambda: explicit_taken("option")),
              ("explicit-free", explicit_free),
              ("race-retry", race_retry),
              ("serial-clean", serial_clean)]  # last: it reads every guest above
    for name, fn in checks:
        try:
            result(name, fn())
        except Exception as e:  # a crash in one check must not hide the rest
            result(name, "%s: %s" % (type(e).__name__, e))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
