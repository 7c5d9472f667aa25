#!/usr/bin/env python3
"""`make run`'s default boot, as a new user meets it (issue 8 item 7).

Boots the `system` image through tools/run-qemu (stdin=/dev/null, as
`make run`) and checks, one `PASS default-boot-<name>` / `FAIL ...` line each:
  - login-hint: right after the forward lines, stdout names the password
    file and gives a `log in:` command with --password-file and the
    forwarded port;
  - product-only: the gateway comes up and no demo or probe runs (no
    `[demo-*]` or `[*-probe]` line, no PASS line on serial);
  - hint-logs-in: the printed command, run as printed, logs in as the local
    operator (exit 0, `principal=<operator>`);
  - tls-pin: the remote CapSet port is TLS; its forward line and the login
    command carry the certificate's SHA-256, which is the certificate the
    image build packed and the one the gateway prints on serial;
  - dev-ca-trusted: the hint names the development CA (tools/dev-pki,
    mode 0600), and with it alone the CLI logs in on :2327 and curl gets
    https://127.0.0.1:<ui>/healthz (the certificate names 127.0.0.1);
  - dev-passwords-refused: the committed development passwords of
    `operator` and `alice` are denied (exit 1): those accounts do not exist;
  - games-offered: the local operator's catalog offers Adventure and
    Paperclips, and both launch and answer a call (issue 9);
  - rpc-answers: a stock Cap'n Proto client (tools/rpc-probe) gets the
    auth methods from rpc-gateway on the forwarded :2328 (issue 11);
  - password-never-printed: the password file's content is on neither the
    launcher's stdout (serial included) nor its stderr;
  - serial-clean: no PANIC, FAIL line or kill on serial (serial_scan.py).
Exit 1 if any failed. Env: BUILD, CAPOS_ACCEL.
"""

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import echo_guest as eg  # noqa: E402
from run_scenario import rq  # noqa: E402

ROOT = os.path.dirname(HERE)
failures = []


def result(name, why=None):
    if why:
        failures.append(name)
        print("FAIL default-boot-%s: %s" % (name, why), flush=True)
    else:
        print("PASS default-boot-%s" % name, flush=True)


def dev_password(principal):
    with open(os.path.join(ROOT, "manifests", "secrets", "dev.secrets")) as f:
        for line in f:
            if line.startswith(principal + ":"):
                return line.rstrip("\n").split(":", 1)[1]
    raise SystemExit("no %s in dev.secrets" % principal)


def cli(args, password_env=None):
    env = eg.clean_env()
    env.pop("CAPOS_REMOTE_SESSION_PASSWORD", None)
    env.pop("CAPOS_REMOTE_SESSION_USER", None)
    if password_env is not None:
        env["CAPOS_REMOTE_SESSION_PASSWORD"] = password_env
    r = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60,
                       cwd=ROOT)
    return r.returncode, (r.stdout + r.stderr).decode(errors="replace")


def web_login(port, operator, password, cafile):
    """Over HTTPS (trusting the CA in `cafile`): GET / (the bundle, with HSTS),
    then /api/hello and a password login through /api/rpc; None if all
    answered as API.md says, else why not."""
    import http.client
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cafile=cafile)
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=ctx)
    origin = "https://127.0.0.1:%d" % port
    conn.request("GET", "/", headers={"Host": "127.0.0.1:%d" % port})
    r = conn.getresponse()
    page = r.read()
    if r.status != 200 or b"/app.js" not in page:
        return "GET / answered %d" % r.status
    if not r.getheader("Strict-Transport-Security"):
        return "GET / has no HSTS header"
    conn.request("GET", "/api/hello", headers={"Host": "127.0.0.1:%d" % port})
    r = conn.getresponse()
    hello = json.loads(r.read())
    cookies = "; ".join(c.split(";")[0] for c in r.headers.get_all("Set-Cookie") or [])
    body = json.dumps({"requestId": 1, "login": {"requestedProfile": "", "password": {
        "principal": operator, "password": password}}})
    conn.request("POST", "/api/rpc", body=body, headers={
        "Host": "127.0.0.1:%d" % port, "Origin": origin, "Content-Type": "application/json",
        "X-CSRF-Token": hello.get("csrf", ""), "Cookie": cookies})
    r = conn.getresponse()
    answer = json.loads(r.read())
    view = answer.get("loggedIn") or {}
    if r.status != 200 or view.get("principal") != operator:
        return "login answered %d %s" % (r.status, str(answer)[:200])
    return None


def main():
    build = rq.build_root()
    image = rq.manifest_image(build, "system")
    with open(os.path.splitext(image)[0] + ".login") as f:
        login = json.load(f)
    operator = login["principal"]
    with open(login["passwordFile"]) as f:
        password = f.readline().rstrip("\n")
    client = os.path.join(build, "host", "tools", "remote-session-client", "remote-session-client")

    up = False
    g = eg.Guest(["--manifest", "system"], os.path.join(eg.log_dir(), "default-boot.log"))
    try:
        fw = g.forwards(120)
        n = eg.FORWARD_COUNT
        hint = g.wait_for(lambda ls: len(ls) >= n + 2 and ls[n:n + 2], 30) or []
        cmd = None
        why = None
        if not fw:
            why = "no forward lines: %r" % g.lines[:3]
        elif len(hint) != 2 or not hint[0].startswith("operator %s: password in " % operator):
            why = "lines %d-%d are not the login hint: %r" % (n + 1, n + 2, hint)
        elif not hint[1].startswith("log in: "):
            why = "no `log in:` line: %r" % hint[1]
        else:
            cmd = shlex.split(hint[1][len("log in: "):])
            want = ["--port", str(fw[2327]), "--user", operator, "--password-file"]
            if not all(w in cmd for w in want) or not os.path.samefile(
                    os.path.join(ROOT, cmd[cmd.index("--password-file") + 1]),
                    login["passwordFile"]):
                why = "the command lacks %r or names another file: %r" % (want, hint[1])
        result("login-hint", why)

        pin = cmd[cmd.index("--pin") + 1] if cmd and "--pin" in cmd else None
        pin_args = ["--pin", pin] if pin else []
        why = None
        der = os.path.join(os.path.splitext(image)[0] + ".certs", "tlsServer.der")
        line = g.lines[0] if g.lines else ""
        served = g.wait_for(lambda ls: [m for m in (re.search(
            r"gateway: TLS 1\.3/1\.2, certificate sha256 ([0-9A-F:]{95})", l) for l in ls)
            if m], 240)
        if not pin:
            why = "the login command has no --pin: %r" % cmd
        elif not line.endswith("(TLS, certificate sha256 %s)" % pin):
            why = "the :2327 forward line does not carry the pin: %r" % line
        elif not os.path.exists(der):
            why = "no packed certificate %s" % der
        elif hashlib.sha256(open(der, "rb").read()).hexdigest() != pin.replace(":", "").lower():
            why = "the pin is not the packed certificate's SHA-256"
        elif not served or served[0].group(1) != pin:
            why = "the gateway serves another certificate: %r" % (
                served[0].group(0) if served else "no TLS line on serial")
        result("tls-pin", why)

        up = g.saw("gateway: listening on 2327", 240)

        if cmd and up:
            cmd[0] = os.path.join(ROOT, cmd[0]) if not os.path.isabs(cmd[0]) else cmd[0]
            rc, out = cli(cmd)
            result("hint-logs-in", None if rc == 0 and "principal=%s " % operator in out
                   else "exit %d: %s" % (rc, out.strip()[-300:]))
        else:
            result("hint-logs-in", "no command to run, or no gateway")

        ca_line = g.wait_for(lambda ls: [l for l in ls[n + 2:n + 3] if l.startswith("TLS: ")], 5)
        ca = os.path.join(os.path.dirname(login["passwordFile"]), "pki", "ca.pem")
        why = None
        if not ca_line or "pki/ca.pem (--ca " not in ca_line[0]:
            why = "no development CA line after the hint: %r" % (ca_line or g.lines[n + 2:n + 3])
        elif os.stat(ca).st_mode & 0o077:
            why = "%s is readable by group or others" % ca
        elif not up or not fw:
            why = "no gateway"
        else:
            rc, out = cli([client, "--port", str(fw[2327]), "--ca", ca, "--guest", "call",
                           "system_info", "motd"])
            if rc != 0:
                why = "the CLI with --ca: exit %d: %s" % (rc, out.strip()[-200:])
            elif g.saw("web-ui: listening on 8080", 60):
                p = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                                    "--cacert", ca, "https://127.0.0.1:%d/healthz" % fw[8080]],
                                   capture_output=True, timeout=60)
                if p.stdout != b"200":
                    why = "curl --cacert: %r %r" % (p.stdout, p.stderr[-200:])
        result("dev-ca-trusted", why)

        denied = []
        for who in ("operator", "alice"):
            if who == operator:
                continue  # the local operator owns that name here
            rc, out = cli([client, "--port", str(fw[2327]) if fw else "2327"] + pin_args +
                          ["--user", who, "session-info"], password_env=dev_password(who))
            if rc != 1:
                denied.append("%s: exit %d (%s)" % (who, rc, out.strip()[-200:]))
        result("dev-passwords-refused", "; ".join(denied))

        if up:
            rc, out = cli([client, "--port", str(fw[2327])] + pin_args + ["--user", operator,
                           "--password-file", login["passwordFile"], "--json", "session",
                           "--do", "login", "--do", "services", "--do", "launch adventure",
                           "--do", "call adventure look", "--do", "launch paperclips",
                           "--do", "call paperclips status", "--do", "logout"])
            steps = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
            offered = {e.get("name") for s in steps[1:2]
                       for e in s.get("response", {}).get("serviceCatalog", [])
                       if e.get("available")}
            why = None
            if rc != 0 or len(steps) != 7:
                why = "exit %d: %s" % (rc, out.strip()[-300:])
            elif offered != {"adventure", "paperclips"}:
                why = "catalog offers %s" % sorted(offered)
            elif "adventure" not in steps[3].get("response", {}).get("callResult", {}):
                why = "adventure look answered %s" % str(steps[3])[:200]
            result("games-offered", why)
        else:
            result("games-offered", "no gateway")
        g.saw("audit: logout", 10)

        # `make run` serves the browser UI over HTTPS on the forwarded :8080:
        # the page, and the same login as the CLI through the web API.
        why = None
        if not fw or 8080 not in fw or not g.saw("web-ui: listening on 8080", 60):
            why = "no web-ui listening on a forwarded :8080"
        else:
            why = web_login(fw[8080], operator, password,
                            os.path.join(os.path.dirname(login["passwordFile"]), "pki", "ca.pem"))
        result("web-ui-serves", why)

        # `make run` serves Cap'n Proto RPC over TLS on the forwarded :2328;
        # a stock client trusts it by the development CA.
        probe = os.path.join(build, "host", "tools", "rpc-probe", "rpc-probe")
        ca = os.path.join(os.path.dirname(login["passwordFile"]), "pki", "ca.pem")
        if not fw or 2328 not in fw or not g.saw("rpc-gateway: listening on 2328", 60):
            why = "no rpc-gateway listening on a forwarded :2328"
        else:
            rc, out = cli([probe, "--port", str(fw[2328]), "--ca", ca, "auth-methods"])
            why = None if rc == 0 and "password enabled" in out.splitlines() else (
                "rpc-probe exit %d: %s" % (rc, out.strip()[-200:]))
        result("rpc-answers", why)
    finally:
        g.stop()
    demo = re.compile(r"^\[(demo-[a-z0-9-]*|[a-z0-9-]*-probe)\]|^(\[[a-z0-9-]+\] )?PASS ")
    noisy = [l for l in g.lines if demo.search(l)]
    result("product-only", "gateway did not come up" if not up else
           noisy and "demo/probe output on serial: %r" % noisy[:3])
    seen = [n for n, lines in (("stdout", g.lines), ("stderr", g.err))
            if any(password in l for l in lines)]
    result("password-never-printed", seen and "the password is on %s" % " and ".join(seen))
    # The Adventure companions are stopped by a kill (they have no
    # graceful stop) when the last session leaves.
    result("serial-clean", g.serial_problem(allow_killed="adventure-npc"))
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
