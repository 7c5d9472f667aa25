"""The TLS proofs beyond the gateway's own port (run_tls.py): the CLI's
trust checks, the web UI over HTTPS, rpc-gateway over TLS and key
custody. Each class takes the TlsProofs object (its guest, certificate,
log and openssl runner)."""

import hashlib
import json
import os
import re
import socket
import ssl
import subprocess

from tls_proofs import ALERT, read_some


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

    def __init__(self, tls, port, probe, cli=None, other_ca=None):
        self.t = tls
        self.port = port
        self.probe = probe
        self.cli_path = cli
        self.other_ca = other_ca  # a CA that did not sign the server's certificate

    def _node(self, *args):
        p = subprocess.run(["node", self.CLIENT, "--port", str(self.port)] + list(args),
                           capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        self.t.log.write("$ rpc-node %s\n%s%s[exit %d]\n\n" % (
            " ".join(args), out, p.stderr.decode("utf-8", "replace"), p.returncode))
        self.t.log.flush()
        lines = [l for l in out.splitlines() if l.startswith("{")]
        return p.returncode, json.loads(lines[-1]) if lines else {"ok": False, "error": out}

    def capnp_es_over_tls(self):
        rc, r = self._node("--ca", self.t.pem)
        assert rc == 0 and r.get("ok"), "rpc-node over TLS: %r" % r
        assert r.get("tls") == "TLSv1.3", "protocol %r" % r.get("tls")
        assert r["chain"]["roundTrips"] == 1, "pipelined chain: %r" % r["chain"]
        assert "staleSession" in r.get("afterLogout", {}).get("error", ""), r
        return "%s: pipelined chain in 1 round trip, staleSession after logout" % r["tls"]

    def run_cli(self, *args):
        argv = [self.cli_path, "--transport", "rpc", "--port", str(self.port)] + list(args)
        p = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
                           env={k: v for k, v in os.environ.items()
                                if not k.startswith("CAPOS_REMOTE")})
        out = (p.stdout + p.stderr).decode("utf-8", "replace")
        self.t.log.write("$ %s\n%s[exit %d]\n\n" % (" ".join(argv[1:]), out, p.returncode))
        self.t.log.flush()
        return p.returncode, out

    def cli_over_tls(self):
        """remote-session-client --transport rpc over kj's TLS (Debian's
        libkj-tls): a guest session, then another CA refused."""
        rc, out = self.run_cli("--ca", self.t.pem, "--guest", "session-info")
        assert rc == 0 and "principal=guest" in out, "exit %d: %s" % (rc, out.strip()[-300:])
        rc, bad = self.run_cli("--ca", self.other_ca, "--guest", "session-info")
        assert rc == 3 and "principal=" not in bad, "another CA: exit %d: %s" % (
            rc, bad.strip()[-300:])
        return "guest session-info over TLS; another CA: exit 3 (%s)" % bad.strip(
            ).splitlines()[-1][-100:]

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
        with open(self.json) as f:
            manifest = json.load(f)
        holders = sorted(s["name"] for s in manifest["services"]
                         for g in s.get("grants", []) if g.get("resource") == "keyvault-keys")
        assert holders == ["keyvault"], "keyvault-keys granted to %s" % holders
        return "keyvault-keys granted to keyvault alone"
