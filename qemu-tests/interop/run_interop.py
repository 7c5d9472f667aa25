#!/usr/bin/env python3
"""`make run-remote-session-capset-interop`: boots the focused manifest
system-remote-session-capset-interop with tools/run-qemu (forwarding guest
:2327), waits for the gateway's readiness line on serial, then drives
tools/remote-session-client through the remote-session story of issue 5.

With --tls (`make test` runs this one) it boots the TLS twin,
system-remote-session-capset-interop-tls (the same services and policy,
manifests/defaults/interop.cue), and runs the same story over TLS: the CLI
verifies the server against the certificate the image build made (--ca),
every raw socket of the proofs is a Python ssl connection, and the
gateway's serial must name that certificate's SHA-256.

Prints one `PASS <proof> ...` / `FAIL <proof>: <why>` line per proof and a
final `N passed, N failed`; exits 0 only if every proof held, 1 otherwise,
2 on usage errors. QEMU is stopped at the end. Logs (serial, every CLI
invocation, the exported transcript) go to BUILD/test-logs/interop/.

Env: BUILD (default build), CAPOS_ACCEL (kvm|tcg).
"""

import argparse
import getpass
import hashlib
import os
import re
import sys
import time
import traceback

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # qemu-tests/: serial_scan

from bounds import Admission, Bounds  # noqa: E402
from cli import Cli, load_markers, scan  # noqa: E402
from guest import Guest  # noqa: E402
from proofs import Story  # noqa: E402
import rs_wire  # noqa: E402
import serial_scan  # noqa: E402

MANIFEST = "system-remote-session-capset-interop"
READY = r"gateway: listening on 2327"


class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def ok(self, name, note=None):
        self.passed += 1
        print("PASS %s%s" % (name, " (%s)" % note if note else ""), flush=True)

    def fail(self, name, why):
        self.failed += 1
        print("FAIL %s: %s" % (name, " ".join(str(why).split())), flush=True)

    def proof(self, name, fn):
        try:
            note = fn()
            self.ok(name, note if isinstance(note, str) else None)
        except AssertionError as e:
            self.fail(name, e)
        except Exception as e:  # a runner bug must still give one line
            self.fail(name, "%s: %s" % (type(e).__name__, e))
            traceback.print_exc(file=sys.stderr)


def constant(path, pattern, default):
    """A limit from the committed source, so the proofs follow the code."""
    try:
        with open(os.path.join(REPO, path)) as f:
            m = re.search(pattern, f.read())
        return int(m.group(1)) if m else default
    except OSError:
        return default


# Both interop manifests take their policy from here.
MANIFEST_CUE = "manifests/defaults/interop.cue"


def limits():
    gw = "services/gateway/conn_loop.h"
    sess = "services/lib/remote-session/session.h"
    return {
        "connections": constant(gw, r"kMaxConns\s*=\s*(\d+)", 60),
        "logins": constant(gw, r"kLoginsPerPrincipal\s*=\s*(\d+)", 16),
        "frame_deadline_s": constant(gw, r"kFrameDeadlineMs\s*=\s*(\d+)", 3000) / 1000.0,
        "worker_calls": constant(sess, r"max_outstanding_worker_calls\s*=\s*(\d+)", 4),
        "transcript": constant(sess, r"transcript_capacity\s*=\s*(\d+)", 64),
        # The manifest's front-end admission (authorityPolicy).
        "grace_s": constant(MANIFEST_CUE, r"preAuthGraceSeconds:\s*(\d+)", 30),
        "max_auth_tries": constant(MANIFEST_CUE, r"maxAuthTries:\s*(\d+)", 3),
    }


def passwords():
    """principal -> password from the host-only dev secrets (never printed)."""
    return rs_wire.dev_passwords()


class Ctx:
    pass


# Processes this run expects the kernel to kill: none. The gateway stops a
# session's worker through its control endpoint; the kill is only a
# fallback, and seeing it here means the orderly stop failed.
ALLOW_KILLED = None


def serial_clean(lines):
    """The guest's whole serial log shows no PANIC, FAIL line or kill
    (qemu-tests/serial_scan.py): a proof that passed on the host while the
    guest crashed or a service failed a check behind it proves nothing."""
    problem = serial_scan.first_problem(lines, allow_killed=ALLOW_KILLED)
    if problem:
        raise AssertionError(problem)
    return "%d lines, no PANIC, FAIL or kill" % len(lines)


def serves_certificate(guest, ca):
    """The gateway says it is TLS with the certificate the image build
    packed for keyvault, which is the one the CLI and ssl trust here."""
    with open(ca, "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest().upper()
    m = guest.wait_for(r"gateway: TLS 1\.3/1\.2, certificate sha256 ([0-9A-F:]+)", 1)
    if not m:
        raise AssertionError("the gateway did not say it serves TLS")
    got = m.group(1).replace(":", "")
    if got != want:
        raise AssertionError("gateway serves %s, the image packed %s" % (got[:16], want[:16]))
    return "sha256 %s..." % want[:16]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--accel", choices=("kvm", "tcg"))
    p.add_argument("--boot-timeout", type=float, default=180)
    p.add_argument("--host-build", help="CMake build dir (default $BUILD/host)")
    p.add_argument("--tls", action="store_true",
                   help="run the story over TLS (system-remote-session-capset-interop-tls)")
    args = p.parse_args(argv)
    manifest = MANIFEST + "-tls" if args.tls else MANIFEST
    build = os.environ.get("BUILD") or "build"
    build = build if os.path.isabs(build) else os.path.join(REPO, build)
    host = os.path.abspath(args.host_build) if args.host_build else os.path.join(build, "host")
    binary = os.path.join(host, "tools", "remote-session-client", "remote-session-client")
    image = os.path.join(host, "images", manifest + ".pkg")
    kernel = os.path.join(host, "kernel", "capos-kernel.bin")
    ca = os.path.join(host, "images", manifest + ".certs", "tlsServer.der") if args.tls else None
    needed = [("CLI", binary), ("boot package", image), ("kernel", kernel)]
    for what, path in needed + ([("server certificate", ca)] if ca else []):
        if not os.path.exists(path):
            print("FAIL interop-setup: %s not built (run `make build`)" % what)
            return 1
    logs = os.path.join(build, "test-logs", "interop-tls" if args.tls else "interop")
    os.makedirs(logs, exist_ok=True)

    report = Report()
    ctx = Ctx()
    ctx.limits = limits()
    ctx.passwords = passwords()
    ctx.transcript_path = os.path.join(logs, "transcript.txt")
    if os.path.exists(ctx.transcript_path):
        os.unlink(ctx.transcript_path)
    t0 = time.monotonic()
    ctx.guest = guest = Guest(REPO, image, kernel, os.path.join(logs, "serial.log"), args.accel)
    cli_log = open(os.path.join(logs, "cli.log"), "w")
    try:
        if not guest.wait_for(READY, args.boot_timeout) or guest.port is None:
            report.fail("gateway-ready", "no %r on serial within %.0fs (see %s)"
                        % (READY, args.boot_timeout, os.path.join(logs, "serial.log")))
            return 1
        report.ok("gateway-ready", "port %d after %.1fs" % (guest.port, time.monotonic() - t0))
        ctx.cli = cli = Cli(binary, guest.port, cli_log, ca=ca)
        if ca:
            report.proof("gateway-serves-tls-with-the-packed-certificate",
                         lambda: serves_certificate(guest, ca))
        story = Story(ctx)
        bounds = Bounds(ctx, story)

        report.proof("auth-inventory", story.auth_inventory)
        try:
            story.operator_session()
            main_ok = len(story.main.steps) == 12
        except Exception as e:
            main_ok = False
            story.main_error = str(e)
        for name, fn in (("operator-login", story.operator_login),
                         ("capset-list", story.capset_list),
                         ("capset-get-by-name", story.get_by_name),
                         ("capset-get-by-interface", story.get_by_interface),
                         ("session-info", story.session_info),
                         ("motd", story.motd),
                         ("chat-join-send-who", story.chat),
                         ("wrong-name-denied", story.wrong_name),
                         ("wrong-interface-denied", story.wrong_interface)):
            if main_ok:
                report.proof(name, fn)
            else:
                report.fail(name, "main session failed: %s" % getattr(
                    story, "main_error", story.main.brief() if hasattr(story, "main") else "?"))
        report.proof("chat-send-without-join-domain-denial", story.domain_denial)
        report.proof("guest-login-narrower-bundle", story.guest_login)
        report.proof("anonymous-login-narrower-bundle", story.anonymous_login)
        report.proof("disabled-method-denied", story.disabled_method)
        report.proof("service-catalog-empty-here", story.service_catalog)
        report.proof("launch-denials-typed-and-audited", story.launch_denials)
        report.proof("bound-worker-calls", bounds.worker_calls)
        report.proof("bound-transcript-ring", bounds.transcript_ring)
        report.proof("bound-logins-per-principal", bounds.logins_per_principal)
        report.proof("idle-flood-evicts-oldest-pre-auth", bounds.connections)
        admission = Admission(ctx)
        admission.start_grace_probe()
        report.proof("partial-frame-closed", story.partial_frame)
        report.proof("idle-client", story.idle_client)
        report.proof("logout-then-stale", story.logout_stale)
        report.proof("disconnect-teardown", story.disconnect_teardown)
        report.proof("ended-sessions-leave-chat", story.ended_sessions_leave_chat)
        report.proof("head-of-line-logins-do-not-stall-others", admission.head_of_line)
        # Last: failed logins start the per-source backoff (backoff.h),
        # which would slow every later login from this host.
        bounds.login_matrix(report)
        report.proof("max-auth-tries-closes", admission.max_auth_tries)
        report.proof("global-lockout-other-principals-log-in", admission.global_lockout)
        report.proof("pre-auth-grace-expired", admission.grace_expired)

        def transcript():
            with open(ctx.transcript_path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for kind in ("connect", "login", "capSetList", "capSetGet", "sessionInfo", "call",
                         "exportTranscript"):
                if not re.search(r"\b%s\b" % kind, text):
                    raise AssertionError("transcript has no %s event" % kind)
            cli.output.append(text)
            return "%d lines" % text.count("\n")

        report.proof("transcript-export", transcript)

        def markers():
            fixed = load_markers(os.path.join(REPO, "services", "lib", "remote-session",
                                              "forbidden-markers.txt"))
            if not fixed:
                raise AssertionError("no forbidden-markers.txt patterns")
            user = os.environ.get("USER") or getpass.getuser()
            paths = {REPO, build, os.path.expanduser("~"), logs, binary}
            paths = {p for p in paths if p and p != "/" and len(p) > 4}
            hits = scan(cli.output, fixed, list(ctx.passwords.values()), user, paths)
            if hits:
                raise AssertionError("forbidden text in CLI output/transcript: %s" % sorted(
                    set(h[0] for h in hits)))
            return "%d texts, %d markers + passwords, host user, host paths" % (
                len(cli.output), len(fixed))

        report.proof("forbidden-marker-scan", markers)
    finally:
        status = guest.stop()
        report.proof("serial-clean", lambda: serial_clean(guest.lines))
    # After QEMU is gone: the CLI must say so in one clear line.
    def gateway_down():
        r = ctx.cli.run(["auth-methods"], json_out=False)
        lines = [l for l in r.err.splitlines() if l.strip()]
        clear = lines and ("cannot connect to the remote-session gateway" in lines[0] or
                           "closed the connection" in lines[0])
        if r.rc != 3 or len(lines) != 1 or not clear:
            raise AssertionError("exit %d, stderr %r" % (r.rc, r.err))
        return lines[0].split(": ", 1)[-1][:60]

    if hasattr(ctx, "cli"):
        report.proof("gateway-down-message", gateway_down)
    cli_log.close()
    print("qemu stopped (run-qemu status %s) after %.0fs" % (status, time.monotonic() - t0))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
