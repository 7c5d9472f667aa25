"""Proofs of the gateway's TLS port (run_tls.py), with clients nobody here
wrote: Python's ssl module (OpenSSL) for the sessions, the openssl CLI for
the handshakes and refusals, raw bytes for what no client library sends."""

import hashlib
import os
import socket
import ssl
import subprocess
import threading
import time

import frames

# A fatal protocol_version / handshake_failure alert, as TLS 1.2 writes it.
ALERT = 21
PROTOCOL_VERSION = 70
HANDSHAKE_FAILURE = 40


def client_hello(version, suite):
    """A ClientHello record by hand: `version` in the hello, one cipher
    suite, an empty extension list (no supported_versions)."""
    body = bytes([version >> 8, version & 0xff]) + bytes(range(32)) + b"\x00"
    body += bytes([0, 2, suite >> 8, suite & 0xff, 1, 0, 0, 0])
    hs = bytes([1, 0, len(body) >> 8, len(body) & 0xff]) + body
    return bytes([22, 3, 1, len(hs) >> 8, len(hs) & 0xff]) + hs


def read_some(sock, timeout):
    """Bytes until EOF (or `timeout`), and whether the peer closed."""
    sock.settimeout(timeout)
    got = b""
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return got, True
            got += chunk
    except socket.timeout:
        return got, False
    except OSError:
        return got, True


class TlsProofs:
    def __init__(self, guest, port, cert_der, workdir, log):
        self.guest = guest
        self.port = port
        self.der = cert_der
        self.pem = os.path.join(workdir, "gateway-cert.pem")
        with open(self.pem, "w") as f:
            f.write(ssl.DER_cert_to_PEM_cert(cert_der))
        self.log = log

    def context(self, version=None, maximum=None):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(cadata=self.der)
        if version:
            ctx.minimum_version = ctx.maximum_version = version
        if maximum:
            ctx.maximum_version = maximum
        return ctx

    def openssl(self, *args, stdin=b""):
        connect = [] if "-connect" in args else ["-connect", "127.0.0.1:%d" % self.port]
        argv = ["openssl", "s_client"] + connect + ["-servername", "localhost"] + list(args)
        p = subprocess.run(argv, input=stdin, capture_output=True, timeout=60)
        out = (p.stdout + p.stderr).decode("utf-8", "replace")
        self.log.write("$ %s\n%s[exit %d]\n\n" % (" ".join(argv), out, p.returncode))
        self.log.flush()
        return p.returncode, out

    # -- the certificate ----------------------------------------------------

    def fingerprint_is_the_packed_certificate(self):
        m = self.guest.wait_for(r"gateway: TLS 1\.3/1\.2, certificate sha256 ([0-9A-F:]{95})", 1)
        assert m, "the gateway printed no certificate fingerprint"
        printed = m.group(1).replace(":", "").lower()
        packed = hashlib.sha256(self.der).hexdigest()
        assert printed == packed, "serial %s, packed certificate %s" % (printed, packed)
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as raw:
            with self.context().wrap_socket(raw, server_hostname="localhost") as s:
                served = hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest()
        assert served == packed, "served %s, packed %s" % (served, packed)
        return "sha256 %s..., printed = packed = served" % packed[:16]

    # -- sessions over TLS (Python's ssl) -----------------------------------

    def _session(self, version):
        c = frames.Conn(self.port, tls=self.context(version))
        try:
            got = c.sock.version()
            a = c.call(frames.login_guest(1), 1)
            assert a is not None and a.ok("loggedIn"), "guest login: %r" % a
            a = c.call(frames.session_info(2), 2)
            assert a is not None and a.ok("sessionInfo"), "sessionInfo: %r" % a
            a = c.call(frames.logout(3), 3)
            assert a is not None and a.ok("loggedOut"), "logout: %r" % a
            return "%s %s: login, sessionInfo, logout" % (got, c.sock.cipher()[0])
        finally:
            c.close()

    def python_tls13_session(self):
        return self._session(ssl.TLSVersion.TLSv1_3)

    def python_tls12_session(self):
        return self._session(ssl.TLSVersion.TLSv1_2)

    def password_login_and_wrong_password(self):
        c = frames.Conn(self.port, tls=self.context())
        try:
            a = c.call(frames.login_password(1, "alice", "not her password"), 1)
            assert a is not None and a.denied("authDenied"), "wrong password: %r" % a
            a = c.call(frames.login_password(2, "alice", "correct horse battery staple"), 2)
            assert a is not None and a.ok("loggedIn"), "alice: %r" % a
            return "authDenied, then loggedIn on the same TLS connection"
        finally:
            c.close()

    def chat_between_two_tls_sessions(self):
        a, b = (frames.Conn(self.port, tls=self.context()) for _ in range(2))
        try:
            for conn in (a, b):
                r = conn.call(frames.login_guest(1), 1)
                assert r is not None and r.ok("loggedIn"), "login: %r" % r
                r = conn.call(frames.chat(2, "chatJoin = void"), 2)
                assert r is not None and r.ok("callResult"), "join: %r" % r
            r = a.call(frames.chat_send(3, "over tls"), 3)
            assert r is not None and r.ok("callResult"), "send: %r" % r
            r = b.call(frames.chat(4, "chatPoll = 0"), 4)
            assert r is not None and r.ok("callResult"), "messages: %r" % r
            assert "over tls" in r.text(), "b did not get it: %s" % r.text()
            return "a's message read by b"
        finally:
            a.close()
            b.close()

    # -- handshakes with openssl s_client -----------------------------------

    def _s_client(self, flag, want):
        rc, out = self.openssl(flag, "-CAfile", self.pem, "-verify_return_error",
                               "-verify_hostname", "localhost")
        assert "Verify return code: 0 (ok)" in out, "not verified (exit %d)" % rc
        assert want in out, "no %r in s_client's output" % want
        return "verified, %s" % want

    def openssl_tls13(self):
        return self._s_client("-tls1_3", "New, TLSv1.3")

    def openssl_tls12(self):
        return self._s_client("-tls1_2", "New, TLSv1.2, Cipher is ECDHE-ECDSA-")

    def openssl_wrong_ca_refused(self):
        # The system's trust store does not hold the development key.
        rc, out = self.openssl("-tls1_3", "-verify_return_error")
        assert rc != 0 and "Verify return code: 0 (ok)" not in out, "an unknown CA verified"
        return "unverified chain refused by the client (exit %d)" % rc

    # -- refusals -----------------------------------------------------------

    def _alert_for(self, hello, code):
        mark = self.guest.mark()
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(hello)
            got, closed = read_some(s, 20)
        assert len(got) >= 7 and got[0] == ALERT, "no alert record: %r" % got[:16]
        assert got[6] == code, "alert %d, want %d" % (got[6], code)
        assert closed, "connection still open after the alert"
        return mark

    def old_versions_refused(self):
        notes = []
        for v, name in ((0x0301, "TLS 1.0"), (0x0302, "TLS 1.1")):
            mark = self._alert_for(client_hello(v, 0xc02b), PROTOCOL_VERSION)
            assert self.guest.wait_for(r"tls event=\d+: protocol version refused", 10, mark), \
                "no refusal on serial for %s" % name
            notes.append(name)
        rc, out = self.openssl("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")
        assert rc != 0 and "Cipher is (NONE)" in out or "alert protocol version" in out, \
            "openssl -tls1_1 was not refused"
        return "%s: fatal protocol_version and close; openssl -tls1_1 refused" % \
            " and ".join(notes)

    def null_cipher_refused(self):
        self._alert_for(client_hello(0x0303, 0x003b), HANDSHAKE_FAILURE)
        rc, out = self.openssl("-tls1_2", "-cipher", "NULL-SHA256:@SECLEVEL=0")
        assert rc != 0 and "Cipher is (NONE)" in out, "openssl's null cipher was not refused"
        return "TLS_RSA_WITH_NULL_SHA256: handshake_failure; openssl NULL-SHA256 refused"

    def plaintext_frame_gets_no_answer(self):
        mark = self.guest.mark()
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(frames.frame("(requestId = 1, authMethods = void)"))
            got, closed = read_some(s, 20)
        assert closed, "a plaintext frame kept the connection"
        assert not got or got[0] == ALERT, "a non-alert answer: %r" % got[:16]
        assert self.guest.wait_for(r"tls event=\d+: ", 10, mark), "no tls line on serial"
        return "closed with %s" % ("an alert" if got else "no bytes")

    def garbage_after_handshake_closes_only_it(self):
        c = frames.Conn(self.port, tls=self.context())
        other = frames.Conn(self.port, tls=self.context())
        try:
            a = c.call(frames.login_guest(1), 1)
            assert a is not None and a.ok("loggedIn"), "login: %r" % a
            # A record that does not decrypt, under the TLS layer.
            raw = socket.socket(fileno=os.dup(c.sock.fileno()))
            raw.sendall(bytes([23, 3, 3, 0, 40]) + b"\xee" * 40)
            raw.close()
            got, closed = read_some(c.sock, 20)
            assert closed, "the connection survived a bad record"
            a = other.call(frames.login_guest(1), 1)
            assert a is not None and a.ok("loggedIn"), "another client: %r" % a
            return "bad record MAC closed it; another TLS client logged in"
        finally:
            c.close()
            other.close()

    def truncated_hello_stalls_nobody(self):
        hello = client_hello(0x0303, 0xc02b)
        stuck = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            stuck.sendall(hello[:20])
            t0 = time.monotonic()
            note = self._session(None)
            return "half a ClientHello held open; meanwhile %s in %.1fs" % (
                note, time.monotonic() - t0)
        finally:
            stuck.close()

    def concurrent_handshakes(self):
        n = 8
        errors, times = [], []

        def one():
            t0 = time.monotonic()
            try:
                self._session(None)
                times.append(time.monotonic() - t0)
            except Exception as e:  # collected, reported below
                errors.append(repr(e))

        threads = [threading.Thread(target=one) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, "%d of %d failed: %s" % (len(errors), n, errors[0])
        assert len(times) == n, "%d of %d finished" % (len(times), n)
        return "%d at once, each a TLS 1.3 login/info/logout, slowest %.1fs" % (n, max(times))


class CliProofs:
    """remote-session-client over TLS: trusted by pin or CA, refusing a
    wrong pin, another CA and a wrong name, with a message that says so."""

    MOTD = "capOS remote session over TLS: welcome"

    def __init__(self, tls, cli, workdir):
        self.t = tls
        self.cli = cli
        self.pin = hashlib.sha256(tls.der).hexdigest()
        self.other_ca = os.path.join(workdir, "other-ca.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost", "-days",
                        "1", "-keyout", os.path.join(workdir, "other-ca.key"), "-out",
                        self.other_ca], check=True, capture_output=True, timeout=60)

    def run(self, *args):
        argv = [self.cli, "--port", str(self.t.port)] + list(args)
        env = dict(os.environ)
        env.pop("CAPOS_REMOTE_SESSION_PIN", None)
        p = subprocess.run(argv, capture_output=True, timeout=120, env=env,
                           stdin=subprocess.DEVNULL)
        out = (p.stdout + p.stderr).decode("utf-8", "replace")
        self.t.log.write("$ %s\n%s[exit %d]\n\n" % (" ".join(argv[1:]), out, p.returncode))
        self.t.log.flush()
        return p.returncode, out

    def _motd(self, *trust):
        rc, out = self.run(*trust, "--guest", "call", "system_info", "motd")
        assert rc == 0 and self.MOTD in out, "exit %d: %s" % (rc, out.strip()[-200:])

    def pin_and_ca_trust(self):
        colons = ":".join(self.pin[i:i + 2] for i in range(0, 64, 2)).upper()
        self._motd("--pin", colons)
        self._motd("--ca", self.t.pem)
        der = os.path.join(os.path.dirname(self.t.pem), "gateway-cert.der")
        with open(der, "wb") as f:
            f.write(self.t.der)
        self._motd("--ca", der, "--pin", self.pin)
        return "motd over TLS with --pin (as printed), --ca PEM, --ca DER + --pin"

    def _refused(self, want, *trust):
        rc, out = self.run(*trust, "--guest", "call", "system_info", "motd")
        assert rc != 0, "connected anyway: %s" % out.strip()[-200:]
        assert want in out, "exit %d without %r: %s" % (rc, want, out.strip()[-300:])
        assert self.MOTD not in out, "a refused server was still talked to"
        return out.strip().splitlines()[-1]

    def wrong_pin_refused(self):
        return self._refused("does not match --pin", "--pin", "00" * 32)

    def other_ca_refused(self):
        return self._refused("does not verify against --ca", "--ca", self.other_ca)

    def wrong_name_refused(self):
        return self._refused("does not verify against --ca", "--ca", self.t.pem,
                             "--server-name", "gateway.example")

    def plaintext_client_gets_a_clear_error(self):
        rc, out = self.run("--guest", "call", "system_info", "motd")
        assert rc != 0 and self.MOTD not in out, "a plaintext client was served"
        assert "--pin/--ca" in out, "no hint at TLS: %s" % out.strip()[-200:]
        return out.strip().splitlines()[-1] if out.strip() else "exit %d" % rc


class WebProofs:
    """The web UI over HTTPS: curl and Python's http.client, the page, HSTS,
    Secure cookies, an https Origin, and plain HTTP refused."""

    def __init__(self, tls, port):
        self.t = tls
        self.port = port

    def _https(self):
        import http.client
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(cadata=self.t.der)
        ctx.check_hostname = False  # the certificate names localhost; we dial 127.0.0.1
        return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=ctx)

    def curl_gets_the_page_with_hsts(self):
        p = subprocess.run(["curl", "-sS", "-i", "--cacert", self.t.pem, "--resolve",
                            "localhost:%d:127.0.0.1" % self.port,
                            "https://localhost:%d/" % self.port],
                           capture_output=True, timeout=60)
        out = p.stdout.decode("utf-8", "replace")
        self.t.log.write("$ curl https://localhost:%d/\n%s%s\n" % (
            self.port, out[:600], p.stderr.decode("utf-8", "replace")))
        assert p.returncode == 0, "curl exit %d: %s" % (p.returncode, p.stderr[-200:])
        head = out.split("\r\n\r\n", 1)[0].lower()
        assert head.startswith("http/1.1 200"), "status: %s" % head.splitlines()[0]
        assert "strict-transport-security: max-age=31536000" in head, "no HSTS: %s" % head
        assert "/app.js" in out, "not the UI page"
        return "200, HSTS max-age=31536000, the UI page, chain verified by curl"

    def login_with_secure_cookies(self):
        import json
        conn = self._https()
        host = "127.0.0.1:%d" % self.port
        conn.request("GET", "/api/hello", headers={"Host": host})
        r = conn.getresponse()
        hello = json.loads(r.read())
        cookies = r.headers.get_all("Set-Cookie") or []
        assert len(cookies) == 2 and all("; Secure" in c for c in cookies), \
            "cookies without Secure: %r" % cookies
        jar = "; ".join(c.split(";")[0] for c in cookies)
        body = json.dumps({"requestId": 1, "login": {"requestedProfile": "", "password": {
            "principal": "alice", "password": "correct horse battery staple"}}})

        def rpc(origin):
            conn.request("POST", "/api/rpc", body=body, headers={
                "Host": host, "Origin": origin, "Content-Type": "application/json",
                "X-CSRF-Token": hello.get("csrf", ""), "Cookie": jar})
            resp = conn.getresponse()
            return resp.status, json.loads(resp.read())

        status, answer = rpc("http://" + host)
        assert status == 403 and "badOrigin" in json.dumps(answer), \
            "an http:// Origin on the HTTPS port: %d %s" % (status, answer)
        status, answer = rpc("https://" + host)
        view = answer.get("loggedIn") or {}
        assert status == 200 and view.get("principal") == "alice", "login: %d %s" % (
            status, str(answer)[:200])
        return "both cookies Secure; http:// Origin badOrigin; https:// login as alice"

    def plain_http_is_refused(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            got, closed = read_some(s, 20)
        assert closed, "a plain HTTP request kept the connection"
        assert not got.startswith(b"HTTP/"), "answered in plain HTTP: %r" % got[:40]
        return "closed without an HTTP answer (%d bytes: %s)" % (
            len(got), "an alert" if got[:1] == bytes([ALERT]) else "none")


class RpcProofs:
    """rpc-gateway over TLS: capnp-es on Node's tls (a client and a TLS
    stack nobody here wrote), openssl s_client, and a plaintext Cap'n Proto
    client refused."""

    CLIENT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.realpath(__file__)))), "tools", "rpc-node", "client.mjs")

    def __init__(self, tls, port, probe):
        self.t = tls
        self.port = port
        self.probe = probe

    def _node(self, *args):
        p = subprocess.run(["node", self.CLIENT, "--port", str(self.port)] + list(args),
                           capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        self.t.log.write("$ rpc-node %s\n%s%s[exit %d]\n\n" % (
            " ".join(args), out, p.stderr.decode("utf-8", "replace"), p.returncode))
        self.t.log.flush()
        lines = [l for l in out.splitlines() if l.startswith("{")]
        import json
        return p.returncode, json.loads(lines[-1]) if lines else {"ok": False, "error": out}

    def capnp_es_over_tls(self):
        rc, r = self._node("--ca", self.t.pem)
        assert rc == 0 and r.get("ok"), "rpc-node over TLS: %r" % r
        assert r.get("tls") == "TLSv1.3", "protocol %r" % r.get("tls")
        assert r["chain"]["roundTrips"] == 1, "pipelined chain: %r" % r["chain"]
        assert "staleSession" in r.get("afterLogout", {}).get("error", ""), r
        return "%s: pipelined chain in 1 round trip, staleSession after logout" % r["tls"]

    def openssl_handshake(self):
        rc, out = self.t.openssl("-connect", "127.0.0.1:%d" % self.port, "-tls1_3", "-CAfile",
                                 self.t.pem, "-verify_return_error")
        assert "Verify return code: 0 (ok)" in out and "New, TLSv1.3" in out, \
            "s_client on the RPC port (exit %d)" % rc
        return "verified TLSv1.3"

    def plaintext_client_refused(self):
        mark = self.t.guest.mark()
        p = subprocess.run([self.probe, "--port", str(self.port), "auth-methods"],
                           capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
        out = (p.stdout + p.stderr).decode("utf-8", "replace")
        assert p.returncode != 0 and "password" not in out, "a plaintext client was served"
        line = self.t.guest.wait_for(r"rpc-gateway: tls connection \d+: ([a-z ]+) \(", 20, mark)
        assert line, "no refusal on serial"
        return "rpc-probe refused (exit %d); serial: %s" % (p.returncode, line.group(1))


class CustodyProofs:
    """No front end holds the TLS key: each one's scans after its
    handshakes (services/lib/tls-front/custody.h) find the canary they
    planted and never the key; and no front end is granted the key's boot
    resource (the compiled manifest)."""

    SCAN = r"\[(gateway|web-ui|rpc-gateway)\] \1: custody scan (\d+): (\d+) bytes, canary (\d+), " \
           r"key (\w+) (\d+)"

    def __init__(self, tls, manifest_json):
        self.t = tls
        self.json = manifest_json

    def scans_find_the_canary_never_the_key(self):
        import re
        found = {}
        for line in self.t.guest.lines:
            m = re.search(self.SCAN, line)
            if m:
                found.setdefault(m.group(1), []).append(m)
        missing = {"gateway", "web-ui", "rpc-gateway"} - set(found)
        assert not missing, "no custody scan from %s" % sorted(missing)
        notes = []
        for who, scans in sorted(found.items()):
            for m in scans:
                assert int(m.group(4)) >= 1, "%s scan %s missed its canary: %s" % (
                    who, m.group(2), m.group(0))
                assert int(m.group(6)) == 0, "%s HOLDS the key: %s" % (who, m.group(0))
            notes.append("%s %d scans of %s bytes" % (who, len(scans), scans[-1].group(3)))
        return "canary found, key absent: " + "; ".join(notes)

    def only_keyvault_is_granted_the_keys(self):
        import json
        with open(self.json) as f:
            manifest = json.load(f)
        holders = sorted(s["name"] for s in manifest["services"]
                         for g in s.get("grants", []) if g.get("resource") == "keyvault-keys")
        assert holders == ["keyvault"], "keyvault-keys granted to %s" % holders
        return "keyvault-keys granted to keyvault alone"
