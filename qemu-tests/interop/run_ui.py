#!/usr/bin/env python3
"""`make run-remote-session-capset-ui`: boots
system-remote-session-capset-ui with tools/run-qemu (guest :2327 and :8080
forwarded), waits for the gateway and web-ui, then proves issue 10 against
the guest's own :8080, over HTTPS with the guest's own TLS (issue 13: the
browser test rerun over HTTPS): that the port serves the image's
certificate, the HTTP-level security suite (qemu-tests/interop/web_http.py),
the idle expiry of a logged-in browser session, and the real-browser proof
in Debian's Chromium (qemu-tests/ui/browser_test.mjs); last, that the
serial log has no PANIC, FAIL or unexpected kill.

Every client trusts exactly the certificate the image build wrote beside
the image (images/NAME.certs/tlsServer.der): Python's ssl with it as the
only trust anchor, Chromium with --ignore-certificate-errors-spki-list
naming its public key's SHA-256 (computed here with the openssl CLI), so
a different key fails every proof.

Prints one `PASS <proof> ...` / `FAIL <proof>: <why>` line per proof (the
suites' own lines pass through) and a final `N passed, N failed`; exits 0
only if every proof held. Logs and screenshots go to BUILD/test-logs/ui/.
Env: BUILD, CAPOS_ACCEL (kvm|tcg).
"""

import argparse
import hashlib
import os
import re
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # qemu-tests/: serial_scan, rs_wire

from guest import Guest  # noqa: E402
from run_faults import UI_LINE  # noqa: E402
from run_interop import Report, constant, passwords  # noqa: E402
from web_wire import SERVER_NAME, Browser, Recorder, Target, spki_sha256, tls_context  # noqa: E402
import serial_scan  # noqa: E402

MANIFEST = "system-remote-session-capset-ui"
MANIFEST_CUE = os.path.join(REPO, "manifests", MANIFEST + ".cue")
READY = [r"gateway: listening on 2327", r"web-ui: listening on 8080",
         r"web-ui: UI bundle ui-bundle: \d+ files, \d+ bytes, digest \w+\.\.\. verified"]
# The companions have no graceful stop: the last session's stop kills them.
# A terminal's shell is stopped the same way when its terminal ends (as in
# run_terminal.py): the browser proof opens one.
ALLOW_KILLED = r"shell|adventure-npc"
RESULT = re.compile(r"^(PASS|FAIL) ")
# run-qemu's UI line ends so for a TLS port; web-ui prints the same on serial.
PIN = re.compile(r"\(TLS, certificate sha256 ([0-9A-F:]{95})\)")
SERIAL_PIN = r"web-ui: TLS 1\.3/1\.2, certificate sha256 ([0-9A-F:]{95})"


def served_certificate(guest, line, port, cert, tls):
    """The port serves the image's certificate: run-qemu's pin, web-ui's
    serial line and the handshake's certificate all equal the file's."""
    with open(cert, "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest()
    m = PIN.search(line)
    assert m, "run-qemu's UI line names no TLS certificate: %r" % line
    assert m.group(1).replace(":", "").lower() == want, "run-qemu pin %s" % m.group(1)
    m = guest.wait_for(SERIAL_PIN, 1)
    assert m, "web-ui printed no TLS certificate line"
    assert m.group(1).replace(":", "").lower() == want, "web-ui printed %s" % m.group(1)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        with tls.wrap_socket(raw, server_hostname=SERVER_NAME) as s:
            served = hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest()
            version = s.version()
    assert served == want, "served %s" % served
    return "%s, verified for %s; sha256 %s... = run-qemu's pin = web-ui's line = %s" % (
        version, SERVER_NAME, want[:16], os.path.basename(cert))


def run_suite(report, name, cmd, log_path, timeout):
    """Runs a suite that prints PASS/FAIL lines; counts its lines. A suite
    that prints none, or exits non-zero without a FAIL line, is one FAIL."""
    seen = failed = 0
    with open(log_path, "w") as log:
        try:
            p = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True)
            deadline = time.monotonic() + timeout
            for line in p.stdout:
                log.write(line)
                m = RESULT.match(line)
                if m:
                    seen += 1
                    if m.group(1) == "PASS":
                        report.passed += 1
                    else:
                        failed += 1
                        report.failed += 1
                    print(line.rstrip(), flush=True)
                if time.monotonic() > deadline:
                    p.kill()
                    break
            rc = p.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired) as e:
            report.fail(name, "%s: %s" % (type(e).__name__, e))
            return
    if seen == 0:
        report.fail(name, "printed no result (exit %s; see %s)" % (rc, log_path))
    elif rc != 0 and failed == 0:
        report.fail(name, "exit %s without a FAIL line (see %s)" % (rc, log_path))


def idle_expiry(guest, port, idle_s, tls):
    """A logged-in browser session that makes no request for the manifest's
    webIdleSeconds is logged out in the guest and its id fails closed."""
    b = Browser(Target("127.0.0.1", port, Recorder(), 10, tls))
    b.login_guest()
    mark = guest.mark()
    live = b.rpc("sessionInfo")
    assert live.status == 200 and "sessionInfo" in live.json(), live.brief()
    ended = guest.wait_for(r"web-ui: browser session ended: expired", idle_s + 15, since=mark)
    assert ended, "no expiry within %ds of idling (webIdleSeconds %d)" % (idle_s + 15, idle_s)
    assert guest.wait_for(r"audit: logout event=\d+ outcome=ok", 10, since=mark), \
        "the expired session was not logged out in the guest"
    r = b.rpc("sessionInfo")
    code = (r.json().get("denied") or {}).get("code")
    assert r.status == 401 and code == "staleSession", "after expiry: " + r.brief()
    return "expired after %ds idle, logged out in the guest; its id -> 401 staleSession" % idle_s


def max_auth_tries(guest, port, tries, password, tls):
    """The gateway's login policy holds for browsers too: the failed login
    that reaches the manifest's maxAuthTries ends the browser session (its
    cookies cleared, its id then stale); the source's failures never deny
    another principal's correct login from a new browser session."""
    b = Browser(Target("127.0.0.1", port, Recorder(), 30, tls))
    b.hello()
    mark = guest.mark()
    bad = {"requestedProfile": "", "password": {"principal": "alice", "password": "wrong"}}
    for n in range(1, tries + 1):
        r = b.rpc("login", bad)
        code = (r.json().get("denied") or {}).get("code")
        assert code == "authDenied", "failed login %d: %s" % (n, r.brief())
    cleared = [c for c in r.get_all("set-cookie") if c.startswith("capos_sid=;")]
    assert cleared, "login %d did not clear the id: %s" % (tries, r.get_all("set-cookie"))
    assert guest.wait_for(r"web-ui: browser session ended: too many failed logins", 10,
                          since=mark), "the browser session was not ended"
    fresh = Browser(Target("127.0.0.1", port, Recorder(), 30, tls))
    fresh.hello()
    good = {"requestedProfile": "", "password": {"principal": "operator", "password": password}}
    r = fresh.rpc("login", good)
    assert "loggedIn" in r.json(), "another principal's login after them: " + r.brief()
    fresh.logout()
    return ("%d authDenied ended the browser session (id cleared); a new browser session "
            "from the same source then logged in as operator" % tries)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--accel", choices=("kvm", "tcg"))
    p.add_argument("--boot-timeout", type=float, default=180)
    p.add_argument("--skip-browser", action="store_true", help="HTTP-level proofs only")
    args = p.parse_args(argv)
    build = os.environ.get("BUILD") or "build"
    build = build if os.path.isabs(build) else os.path.join(REPO, build)
    host = os.path.join(build, "host")
    image = os.path.join(host, "images", MANIFEST + ".pkg")
    kernel = os.path.join(host, "kernel", "capos-kernel.bin")
    cert = os.path.join(host, "images", MANIFEST + ".certs", "tlsServer.der")
    for what, path in (("boot package", image), ("kernel", kernel), ("certificate", cert)):
        if not os.path.exists(path):
            print("FAIL ui-setup: %s not built (run `make build`)" % what)
            return 1
    logs = os.path.join(build, "test-logs", "ui")
    os.makedirs(logs, exist_ok=True)
    password_file = os.path.join(logs, "operator.password")
    fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(passwords()["operator"] + "\n")
    tls = tls_context(cert)
    idle_s = constant(os.path.relpath(MANIFEST_CUE, REPO), r"webIdleSeconds:\s*(\d+)", 900)
    report = Report()
    t0 = time.monotonic()
    guest = Guest(REPO, image, kernel, os.path.join(logs, "serial.log"), args.accel)
    status = None
    try:
        for marker in READY:
            if not guest.wait_for(marker, args.boot_timeout):
                report.fail("ui-ready", "no %r on serial within %.0fs (see %s)" % (
                    marker, args.boot_timeout, "test-logs/ui/serial.log"))
                return 1
        ui = guest.wait_for(UI_LINE.pattern, 1)
        if ui is None:
            report.fail("ui-ready", "run-qemu printed no forwarded UI port")
            return 1
        port = int(ui.group(1))
        report.ok("ui-ready", "UI on https://127.0.0.1:%d after %.1fs" % (
            port, time.monotonic() - t0))
        report.proof("ui-https-certificate",
                     lambda: served_certificate(guest, ui.string, port, cert, tls))
        run_suite(report, "web-http-suite", [sys.executable, "qemu-tests/interop/web_http.py",
                                             "--port", str(port), "--cert", cert, "--bundle-root",
                                             os.path.join(host, "ui-bundle", "root")],
                  os.path.join(logs, "web_http.log"), 900)
        report.proof("browser-session-idle-expiry", lambda: idle_expiry(guest, port, idle_s, tls))
        tries = constant(os.path.relpath(MANIFEST_CUE, REPO), r"maxAuthTries:\s*(\d+)", 3)
        report.proof("browser-login-max-auth-tries", lambda: max_auth_tries(
            guest, port, tries, passwords()["operator"], tls))
        if not args.skip_browser:
            run_suite(report, "browser-proof", [
                "node", "qemu-tests/ui/browser_test.mjs", "--url", "https://127.0.0.1:%d" % port,
                "--cert", cert, "--spki", spki_sha256(cert),
                "--user", "operator", "--password-file", password_file,
                "--screens", os.path.join(build, "ui-screens")],
                os.path.join(logs, "browser.log"), 1800)
    finally:
        status = guest.stop()

    def serial_clean():
        problem = serial_scan.first_problem(guest.lines, allow_killed=ALLOW_KILLED)
        if problem:
            raise AssertionError(problem)
        return "%d lines, no PANIC, FAIL or unexpected kill" % len(guest.lines)

    report.proof("ui-serial-clean", serial_clean)
    print("qemu stopped (run-qemu status %s) after %.0fs" % (status, time.monotonic() - t0))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
