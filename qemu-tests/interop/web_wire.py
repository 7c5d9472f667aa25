"""Raw HTTP/1.1 for the web-ui security suite (web_http.py): one socket per
exchange, bytes exactly as given (oversized, malformed, dripped), one
response read with a deadline, and a browser model (cookie jar, the page's
Origin and X-CSRF-Token) for the API. Every response and pushed message is
kept in a Recorder for the header and forbidden-marker proofs. With a TLS
context (tls_context) every connection is HTTPS, verified against exactly
the image's certificate, and the origin is https://. Stdlib only.
"""

import json
import os
import re
import socket
import ssl
import subprocess
import time

MAX_HEAD = 64 * 1024
MAX_BODY = 4 << 20  # a bundle file is at most 1 MiB (services/lib/ui-bundle)
HEX32 = re.compile(r"^[0-9a-f]{32}$")
# The name the image's certificate is made for (the manifest's
# `// keyvault-key: tlsServer=localhost`); we dial 127.0.0.1 but verify
# this name, as a browser given https://localhost would.
SERVER_NAME = "localhost"
HSTS = "max-age=31536000"


def tls_context(cert_path):
    """A client context that trusts the image's self-signed certificate
    (DER, written beside the image by cmake/image.cmake) and nothing else:
    no system roots, so a different key fails the handshake."""
    with open(cert_path, "rb") as f:
        der = f.read()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies the chain and the name
    ctx.load_verify_locations(cadata=der)
    return ctx


def expect(cond, why):
    if not cond:
        raise AssertionError(why)


def spki_sha256(cert):
    """base64 SHA-256 of the certificate's SubjectPublicKeyInfo, the form
    Chromium's --ignore-certificate-errors-spki-list takes, by the openssl
    CLI (x509 -pubkey | pkey -outform der | dgst -sha256 -binary | base64)."""
    def step(argv, data):
        p = subprocess.run(argv, input=data, capture_output=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError("%s: %s" % (" ".join(argv), p.stderr.decode()[-200:]))
        return p.stdout
    pem = step(["openssl", "x509", "-inform", "DER", "-in", cert, "-pubkey", "-noout"], b"")
    der = step(["openssl", "pkey", "-pubin", "-outform", "der"], pem)
    digest = step(["openssl", "dgst", "-sha256", "-binary"], der)
    return step(["openssl", "base64", "-A"], digest).decode().strip()


class Closed(Exception):
    """The server closed (or the deadline passed) before a whole response."""


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # [(lower-case name, value)], in order
        self.body = body

    def get(self, name):
        vals = self.get_all(name)
        return vals[0] if vals else None

    def get_all(self, name):
        name = name.lower()
        return [v for n, v in self.headers if n == name]

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError:
            raise AssertionError("not JSON (%d): %r" % (self.status, self.body[:120]))

    def cookies(self):
        """Set-Cookie name -> (value, {lower-case attribute: value or True})."""
        out = {}
        for line in self.get_all("set-cookie"):
            parts = [p.strip() for p in line.split(";")]
            name, _, value = parts[0].partition("=")
            attrs = {}
            for a in parts[1:]:
                k, eq, v = a.partition("=")
                attrs[k.strip().lower()] = v.strip() if eq else True
            out[name.strip()] = (value.strip(), attrs)
        return out

    def denial(self):
        """The webDenied or DTO denial code of a JSON body, else None."""
        try:
            obj = json.loads(self.body.decode("utf-8"))
        except ValueError:
            return None
        if not isinstance(obj, dict):
            return None
        d = obj.get("webDenied") or obj.get("denied") or {}
        return d.get("code") if isinstance(d, dict) else None

    def brief(self):
        return "%d %r" % (self.status, self.body[:160])


def read_response(sock, deadline, head_only=False):
    """One response from sock; returns (Response, bytes after it)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        expect(len(buf) <= MAX_HEAD, "response head over %d bytes" % MAX_HEAD)
        buf += recv_some(sock, deadline)
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"^HTTP/1\.[01] (\d{3}) ?(.*)$", lines[0])
    expect(m, "bad status line %r" % lines[0])
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        expect(colon, "bad header line %r" % line)
        headers.append((name.strip().lower(), value.strip()))
    resp = Response(int(m.group(1)), m.group(2), headers, b"")
    if head_only or resp.status < 200 or resp.status in (204, 304):
        return resp, rest
    length = resp.get("content-length")
    if length is None:  # until close
        while len(rest) <= MAX_BODY:
            try:
                rest += recv_some(sock, deadline)
            except Closed:
                break
        resp.body = rest
        return resp, b""
    n = int(length)
    expect(n <= MAX_BODY, "Content-Length %d" % n)
    while len(rest) < n:
        rest += recv_some(sock, deadline)
    resp.body = rest[:n]
    return resp, rest[n:]


def recv_some(sock, deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise Closed("deadline")
    sock.settimeout(left)
    try:
        data = sock.recv(65536)
    except socket.timeout:
        raise Closed("deadline")
    except OSError as e:
        raise Closed(str(e))
    if not data:
        raise Closed("eof")
    return data


class Recorder:
    """Everything the suite received: (kind, path, Response) and pushed texts."""

    def __init__(self):
        self.responses = []
        self.texts = []  # (label, str): WebSocket messages
        self.sids = set()  # every capos_sid value the server issued

    def add(self, kind, path, resp):
        self.responses.append((kind, path, resp))
        for name, (value, _) in resp.cookies().items():
            if name == "capos_sid" and value:
                self.sids.add(value)
        return resp


class Target:
    """The guest's web port. tls: an SSLContext (tls_context), or None for
    plain HTTP."""

    def __init__(self, host, port, recorder, timeout, tls=None):
        self.host, self.port, self.rec, self.timeout = host, port, recorder, timeout
        self.tls = tls
        name = "[%s]" % host if ":" in host else host
        self.authority = "%s:%d" % (name, port)
        self.origin = ("https://" if tls else "http://") + self.authority

    def connect(self, timeout=None, handshake=True):
        """A connection ready for HTTP (the TLS handshake done), or with
        handshake=False a bare TCP one (a peer that never says hello)."""
        s = socket.create_connection((self.host, self.port), timeout or self.timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.wrap(s) if handshake else s

    def wrap(self, s):
        """s with the TLS handshake done over it (as is without TLS)."""
        if self.tls is None:
            return s
        try:
            return self.tls.wrap_socket(s, server_hostname=SERVER_NAME)
        except BaseException:
            s.close()
            raise

    def raw(self, data, kind, path="?", timeout=None, head_only=False):
        """Sends data on a fresh connection and reads one response."""
        s = self.connect()
        try:
            try:
                s.sendall(data)
            except OSError:
                pass  # refused early; the answer may still be there
            resp, _ = read_response(s, time.monotonic() + (timeout or self.timeout), head_only)
            return self.rec.add(kind, path, resp)
        finally:
            s.close()

    def request(self, method, path, headers=(), body=b"", kind="api", host=None):
        head = "%s %s HTTP/1.1\r\nHost: %s\r\n" % (method, path, host or self.authority)
        for name, value in headers:
            head += "%s: %s\r\n" % (name, value)
        if body or method == "POST":
            head += "Content-Length: %d\r\n" % len(body)
        head += "Connection: close\r\n\r\n"
        return self.raw(head.encode("latin-1") + body, kind, path, head_only=method == "HEAD")


def new_token():
    return os.urandom(16).hex()


class Browser:
    """One browser profile: a cookie jar and the page's same-origin requests."""

    def __init__(self, target, sid=None, csrf=None):
        self.t = target
        self.jar = {}
        self.rid = 0
        if sid:
            self.jar["capos_sid"] = sid
        if csrf:
            self.jar["capos_csrf"] = csrf

    sid = property(lambda self: self.jar.get("capos_sid"))
    csrf = property(lambda self: self.jar.get("capos_csrf"))

    def cookie_headers(self):
        if not self.jar:
            return []
        return [("Cookie", "; ".join("%s=%s" % kv for kv in sorted(self.jar.items())))]

    def absorb(self, resp):
        for name, (value, attrs) in resp.cookies().items():
            if attrs.get("max-age") == "0" or not value:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        return resp

    def hello(self):
        return self.absorb(self.t.request("GET", "/api/hello", self.cookie_headers()))

    def post(self, obj, content_type="application/json", csrf=True, origin=True, extra=(),
             kind="api"):
        body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        headers = list(self.cookie_headers()) + [("Content-Type", content_type)]
        if origin:
            headers.append(("Origin", self.t.origin))
        if csrf is True and self.csrf:
            headers.append(("X-CSRF-Token", self.csrf))
        elif isinstance(csrf, str):
            headers.append(("X-CSRF-Token", csrf))
        return self.absorb(self.t.request("POST", "/api/rpc", headers + list(extra), body, kind))

    def rpc(self, member, value=None, **kw):
        """POST /api/rpc with the Request whose union member is `member`."""
        self.rid += 1
        return self.post({"requestId": self.rid, member: value}, **kw)

    def login_guest(self):
        if not self.sid:
            self.hello()
        r = self.rpc("login", {"requestedProfile": "", "guest": None})
        expect(r.status == 200 and "loggedIn" in r.json(), "guest login: " + r.brief())
        return r

    def logout(self):
        try:
            return self.rpc("logout")
        except (AssertionError, Closed, OSError):
            return None

    def interface_of(self, cap):
        r = self.rpc("capSetList")
        for e in r.json().get("capSet", []):
            if e.get("name") == cap:
                return e.get("interfaceId")
        raise AssertionError("no %s in the CapSet: %s" % (cap, r.brief()))

    def call(self, cap, iface, method, arg=None):
        return self.rpc("call", {"capName": cap, "interfaceId": iface, method: arg})
