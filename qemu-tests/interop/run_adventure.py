#!/usr/bin/env python3
"""`make run-remote-session-adventure-interop`: boots
system-remote-session-adventure-interop with tools/run-qemu (forwarding
guest :2327 and :8080, where stats-port answers with the kernel's counts),
waits for the gateway and stats-port, then drives
tools/remote-session-client through issue 9: the service catalog, the
launch-denial matrix (operator, guest, anonymous), an Adventure launch and
every verb (the whole walkthrough), NPC speech seen through chat, two
players meeting, quotas, Paperclips play, and the logout teardown back to
the kernel's baseline counts.

Prints one `PASS <proof> ...` / `FAIL <proof>: <why>` line per proof and a
final `N passed, N failed`; exits 0 only if every proof held. Logs go to
BUILD/test-logs/adventure/. Env: BUILD, CAPOS_ACCEL (kvm|tcg).
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # qemu-tests/: serial_scan, rs_wire

from cli import Cli  # noqa: E402
from faults import Faults  # noqa: E402
from games import Games  # noqa: E402
from guest import Guest  # noqa: E402
from run_faults import UI_LINE  # noqa: E402
from run_interop import Ctx, Report, constant, passwords  # noqa: E402
import serial_scan  # noqa: E402

MANIFEST = "system-remote-session-adventure-interop"
READY = [r"gateway: service catalog: 2 profiles", r"gateway: listening on 2327",
         r"stats-port: listening on 8080"]
# The companions have no graceful stop: the last session's stop kills them.
ALLOW_KILLED = r"adventure-npc"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--accel", choices=("kvm", "tcg"))
    p.add_argument("--boot-timeout", type=float, default=180)
    args = p.parse_args(argv)
    build = os.environ.get("BUILD") or "build"
    build = build if os.path.isabs(build) else os.path.join(REPO, build)
    host = os.path.join(build, "host")
    binary = os.path.join(host, "tools", "remote-session-client", "remote-session-client")
    image = os.path.join(host, "images", MANIFEST + ".pkg")
    kernel = os.path.join(host, "kernel", "capos-kernel.bin")
    for what, path in (("CLI", binary), ("boot package", image), ("kernel", kernel)):
        if not os.path.exists(path):
            print("FAIL adventure-setup: %s not built (run `make build`)" % what)
            return 1
    logs = os.path.join(build, "test-logs", "adventure")
    os.makedirs(logs, exist_ok=True)
    report = Report()
    ctx = Ctx()
    ctx.passwords = passwords()
    t0 = time.monotonic()
    ctx.guest = guest = Guest(REPO, image, kernel, os.path.join(logs, "serial.log"), args.accel)
    status = None
    try:
        for marker in READY:
            if not guest.wait_for(marker, args.boot_timeout):
                report.fail("games-ready", "no %r on serial within %.0fs (see %s)" % (
                    marker, args.boot_timeout, "test-logs/adventure/serial.log"))
                return 1
        ui = guest.wait_for(UI_LINE.pattern, 1)
        if guest.port is None or ui is None:
            report.fail("games-ready", "run-qemu printed no forwarded ports")
            return 1
        ctx.cli = Cli(binary, guest.port, open(os.path.join(logs, "cli.log"), "w"))
        faults = Faults(guest, guest.port, int(ui.group(1)), logs)
        retained = constant("services/authority/service.h", r"kMaxServedSessions\s*=\s*(\d+)",
                            80)
        report.proof("games-ready", lambda: "ports %d/%d after %.1fs; %d warm-up logins; %s" % (
            guest.port, int(ui.group(1)), time.monotonic() - t0, faults.warm_up(retained + 10),
            faults.take_baseline()))
        if report.failed:
            return 1
        games = Games(ctx, faults)
        report.proof("catalog-lists-the-games", games.catalog)
        report.proof("catalog-guest-and-anonymous-hold-no-runner", games.catalog_guest)
        report.proof("launch-denial-matrix-starts-nothing", games.denial_matrix)
        games.adventure_story()
        for name, fn in (("adventure-launch-session-bound", games.launch),
                         ("adventure-walkthrough-use-puzzle-and-score", games.walkthrough),
                         ("adventure-every-other-verb", games.other_verbs),
                         ("adventure-bad-input-typed", games.bad_input),
                         ("adventure-npc-speech-in-chat", games.npc_speech),
                         ("adventure-stop-leaves-the-capset", games.stop_then_stale)):
            report.proof(name, fn)
        report.proof("adventure-two-players-meet-and-trade", games.two_players)
        report.proof("launch-quotas-session-and-system", games.quotas)
        report.proof("paperclips-play", games.paperclips)
        report.proof("logout-teardown-back-to-baseline", games.teardown)
    finally:
        status = guest.stop()

    def serial_clean():
        problem = serial_scan.first_problem(guest.lines, allow_killed=ALLOW_KILLED)
        if problem:
            raise AssertionError(problem)
        return "%d lines, no PANIC, FAIL or unexpected kill" % len(guest.lines)

    report.proof("games-serial-clean", serial_clean)
    print("qemu stopped (run-qemu status %s) after %.0fs" % (status, time.monotonic() - t0))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
