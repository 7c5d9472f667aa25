#!/usr/bin/env python3
"""The remote-session fault suite (issue 8 item 5), part of `make test`.

Boots manifests/system-fault-suite.cue (the interop system plus the
test-only fault-tap and stats-port services) with tools/run-qemu and proves,
against the forwarded gateway port:

  chat-worker-killed-mid-call-answers-unavailable
  disconnect-mid-frame-keeps-others-served
  logout-during-chat-call-answers-typed
  slowloris-100-while-10-healthy-clients-work

Each proof ends by polling the kernel's Diagnostics.stats (stats-port, one
line per connection to guest :8080) until processes, objects,
kernelAllocations and liveSessions are back at the baseline taken after
boot, and the gateway's last `gateway: sessions=0 conns=0` line. Bounds are
generous and nothing is judged on a time: a wait that runs out means the
awaited thing never happened (a hang, a leak).

Prints one `PASS <proof> (...)` / `FAIL <proof>: <why>` line per proof and
`N passed, N failed`; exits 0 only if every proof held. Logs go to
BUILD/test-logs/faults/. Env: BUILD (default build), CAPOS_ACCEL.
"""

import argparse
import os
import re
import socket
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # qemu-tests/: serial_scan

from faults import Faults  # noqa: E402
from guest import Guest  # noqa: E402
from run_interop import Report, constant  # noqa: E402
import serial_scan  # noqa: E402

MANIFEST = "system-fault-suite"
READY = [r"gateway: listening on 2327", r"stats-port: listening on 8080",
         r"fault-tap: serving"]
UI_LINE = re.compile(r"^remote self-served UI: tcp 127\.0\.0\.1 (\d+) -> guest :8080")
# Killed on purpose: by fault-tap (kill-worker), and by the gateway's
# forced-stop fallback when a logout finds its worker stalled in a call.
ALLOW_KILLED = r"chat-worker"
KILL_LINE = re.compile(r"^\[kernel\] process chat-worker \(pid (\d+)\) killed")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--accel", choices=("kvm", "tcg"))
    p.add_argument("--boot-timeout", type=float, default=180)
    p.add_argument("--only", action="append", help="run only this proof (repeatable)")
    args = p.parse_args(argv)
    build = os.environ.get("BUILD") or "build"
    build = build if os.path.isabs(build) else os.path.join(REPO, build)
    host = os.path.join(build, "host")
    image = os.path.join(host, "images", MANIFEST + ".pkg")
    kernel = os.path.join(host, "kernel", "capos-kernel.bin")
    for what, path in (("boot package", image), ("kernel", kernel)):
        if not os.path.exists(path):
            print("FAIL faults-setup: %s not built (run `make build`)" % what)
            return 1
    logs = os.path.join(build, "test-logs", "faults")
    os.makedirs(logs, exist_ok=True)
    report = Report()
    faults = None
    t0 = time.monotonic()
    guest = Guest(REPO, image, kernel, os.path.join(logs, "serial.log"), args.accel)
    status = None
    try:
        init = guest.wait_for(r"\[init\] (all \d+ services started|init: .*)",
                              args.boot_timeout)
        if not init or not init.group(0).startswith("[init] all"):
            report.fail("faults-ready", "init: %s" % (init.group(0) if init else "no summary"))
            return 1
        for marker in READY:
            if not guest.wait_for(marker, args.boot_timeout):
                report.fail("faults-ready", "no %r on serial within %.0fs (see %s)" % (
                    marker, args.boot_timeout, "test-logs/faults/serial.log"))
                return 1
        ready_s = time.monotonic() - t0
        ui = guest.wait_for(UI_LINE.pattern, 1)
        if guest.port is None or ui is None:
            report.fail("faults-ready", "run-qemu printed no forwarded ports")
            return 1
        faults = Faults(guest, guest.port, int(ui.group(1)), logs)
        retained = constant("services/authority/service.h", r"kMaxServedSessions\s*=\s*(\d+)",
                            80)
        report.proof("faults-ready", lambda: "ports %d/%d after %.1fs; %d warm-up logins; %s" % (
            guest.port, int(ui.group(1)), ready_s, faults.warm_up(retained + 10),
            faults.take_baseline()))
        if report.failed:
            return 1
        for name, fn in (
                ("chat-worker-killed-mid-call-answers-unavailable", faults.worker_killed_mid_call),
                ("disconnect-mid-frame-keeps-others-served", faults.disconnect_mid_frame),
                ("logout-during-chat-call-answers-typed", faults.logout_during_call),
                ("slowloris-100-while-10-healthy-clients-work", faults.slowloris)):
            if args.only and name not in args.only:
                continue
            t = time.monotonic()
            report.proof(name, lambda: "%s; %.0fs" % (fn(), time.monotonic() - t))
    finally:
        status = guest.stop()

    def serial_clean():
        problem = serial_scan.first_problem(guest.lines, allow_killed=ALLOW_KILLED)
        if problem:
            raise AssertionError(problem)
        # chat-worker kills only where a proof caused one (by pid).
        kills = {m.group(1) for m in (KILL_LINE.search(l) for l in guest.lines) if m}
        expected = faults.killed if faults else set()
        if kills - expected:
            raise AssertionError("chat-worker pid(s) %s killed, no proof caused that" % sorted(
                kills - expected))
        return "%d lines, no PANIC, FAIL or kill but chat-worker pids %s" % (
            len(guest.lines), ",".join(sorted(kills)) or "none")

    report.proof("faults-serial-clean", serial_clean)
    print("qemu stopped (run-qemu status %s) after %.0fs" % (status, time.monotonic() - t0))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
