#!/usr/bin/env python3
"""`make run-remote-session-terminal`: boots system-remote-session-terminal
with tools/run-qemu (forwarding guest :2327 and :8080, where stats-port
answers with the kernel's counts), then proves issue 12: terminals whose
shells run bound to the session, at the wire (terminal_wire.py: commands,
the read-only entry, a second window, exact resume after a drop, flow
control under a flood with the slow follower's skip, logout and the
grace) and through tools/remote-session-client under a pseudo-terminal
and on pipes (terminal_cli.py).

Prints one `PASS <proof> ...` / `FAIL <proof>: <why>` line per proof and a
final `N passed, N failed`; exits 0 only if every proof held. Logs go to
BUILD/test-logs/terminal/. Env: BUILD, CAPOS_ACCEL (kvm|tcg).
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # qemu-tests/: serial_scan, rs_wire

from faults import Faults  # noqa: E402
from guest import Guest  # noqa: E402
from terminal_cli import TerminalCli  # noqa: E402
from terminal_wire import TerminalWire  # noqa: E402
from run_faults import UI_LINE  # noqa: E402
from run_interop import Ctx, Report, constant, passwords  # noqa: E402
import serial_scan  # noqa: E402

MANIFEST = "system-remote-session-terminal"
READY = [r"gateway: service catalog: 2 profiles", r"gateway: listening on 2327",
         r"stats-port: listening on 8080"]
# A shell ends by its handle (close, logout, the grace); the companions
# have no graceful stop either.
ALLOW_KILLED = r"shell|adventure-npc"


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
    logs = os.path.join(build, "test-logs", "terminal")
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
                report.fail("terminal-ready", "no %r on serial within %.0fs (see %s)" % (
                    marker, args.boot_timeout, "test-logs/terminal/serial.log"))
                return 1
        ui = guest.wait_for(UI_LINE.pattern, 1)
        if guest.port is None or ui is None:
            report.fail("terminal-ready", "run-qemu printed no forwarded ports")
            return 1
        faults = Faults(guest, guest.port, int(ui.group(1)), logs)
        retained = constant("services/authority/service.h", r"kMaxServedSessions\s*=\s*(\d+)",
                            80)
        report.proof("terminal-ready", lambda: "ports %d/%d after %.1fs; %d warm-up logins; %s" % (
            guest.port, int(ui.group(1)), time.monotonic() - t0, faults.warm_up(retained + 10),
            faults.take_baseline()))
        if report.failed:
            return 1
        wire = TerminalWire(ctx, faults)
        for name, fn in (("terminal-open-runs-a-session-bound-shell", wire.open_runs_a_bound_shell),
                         ("terminal-commands-are-the-sessions-requests",
                          wire.commands_are_the_sessions_requests),
                         ("terminal-every-command", wire.every_command),
                         ("terminal-read-only-entry-follows-never-owns",
                          wire.read_only_entry_follows_never_owns),
                         ("terminal-second-window-follows-read-only",
                          wire.second_window_follows_read_only),
                         ("terminal-resume-exact-after-a-drop", wire.resume_exact_after_drop),
                         ("terminal-owner-lag-pauses-slow-follower-skips",
                          wire.owner_lag_pauses_never_drops)):
            report.proof(name, fn)
        cli = TerminalCli(ctx, binary, logs)
        for name, fn in (("cli-terminal-editing-completion-history-detach",
                          cli.editing_completion_history),
                         ("cli-terminal-resize-seen", cli.resize_seen_by_the_shell),
                         ("cli-terminal-follower-is-read-only", cli.follower_window_is_read_only),
                         ("cli-terminal-close", cli.close_ends_it),
                         ("cli-terminal-killed-mid-output-resumes-exactly",
                          cli.killed_mid_output_resumes_exactly)):
            report.proof(name, fn)
        report.proof("terminal-logout-ends-shells-back-to-baseline", wire.logout_ends_shells)
        report.proof("terminal-parked-session-ends-after-the-grace",
                     wire.parked_session_ends_after_grace)
    finally:
        status = guest.stop()

    def serial_clean():
        problem = serial_scan.first_problem(guest.lines, allow_killed=ALLOW_KILLED)
        if problem:
            raise AssertionError(problem)
        return "%d lines, no PANIC, FAIL or unexpected kill" % len(guest.lines)

    report.proof("terminal-serial-clean", serial_clean)
    print("qemu stopped (run-qemu status %s) after %.0fs" % (status, time.monotonic() - t0))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
