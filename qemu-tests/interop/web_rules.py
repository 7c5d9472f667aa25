"""The request-rule proofs of web_http.py (services/web-ui/API.md "Rules
every request meets", cookies, rotation, /healthz, the bundle). Each method
raises AssertionError with its evidence or returns a short note."""

import hashlib
import os
import re
import socket
import ssl
import time

from web_wire import HEX32, Browser, Closed, expect, new_token, read_response, recv_some

GUEST_LOGIN = {"requestedProfile": "", "guest": None}


def code(resp):
    return resp.denial()


class Rules:
    def __init__(self, target, limits):
        self.t = target
        self.lim = limits

    def guest(self):
        b = Browser(self.t)
        b.login_guest()
        return b

    # -- steps 2-5 --------------------------------------------------------

    def healthz(self):
        r = self.t.request("GET", "/healthz", [("Cookie", "capos_sid=" + new_token())],
                           kind="healthz")
        expect(r.status == 200 and r.json() == {"status": "ok"}, r.brief())
        expect(len(r.body) <= 64, "%d bytes" % len(r.body))
        expect(not r.get_all("set-cookie"), "Set-Cookie %s" % r.get_all("set-cookie"))
        expect((r.get("content-type") or "").startswith("application/json"),
               "Content-Type %r" % r.get("content-type"))
        return "%d bytes, no cookie" % len(r.body)

    def bad_host(self):
        port = self.t.port
        names = ["evil.example:%d" % port, "localhost.evil.example:%d" % port,
                 "127.0.0.2:%d" % port, "localhost:%d.evil.example" % port]
        for host in names:
            for path in ("/", "/api/hello"):
                r = self.t.request("GET", path, host=host, kind="webDenied")
                expect(r.status == 421 and code(r) == "badHost", "%s %s: %s" % (host, path, r.brief()))
                expect(not r.get_all("set-cookie"), "%s: a session was created" % host)
        return "%d names x 2 paths -> 421 badHost" % len(names)

    def cross_origin(self):
        b = self.guest()
        try:
            scheme = self.t.origin.split("//")[0]
            other_port = "%s//%s:%d" % (scheme, self.t.authority.rsplit(":", 1)[0], self.t.port + 1)
            checks = [("foreign", [("Origin", "http://evil.example")]), ("null", [("Origin", "null")]),
                      ("other port", [("Origin", other_port)]), ("missing", [])]
            if self.t.tls:
                # Same host and port, but a page served over plain http is
                # another origin: it must not drive the HTTPS session.
                checks.append(("http scheme", [("Origin", "http://" + self.t.authority)]))
            for what, extra in checks:
                r = b.rpc("sessionInfo", extra=extra, origin=False, kind="webDenied")
                expect(r.status == 403 and code(r) == "badOrigin", "%s: %s" % (what, r.brief()))
            r = self.t.request("GET", "/api/hello", b.cookie_headers() +
                               [("Origin", "http://evil.example")], kind="webDenied")
            expect(r.status == 403 and code(r) == "badOrigin", "GET foreign: " + r.brief())
            ok = b.rpc("sessionInfo")
            expect(ok.status == 200 and "sessionInfo" in ok.json(), "control: " + ok.brief())
        finally:
            b.logout()
        return "POST foreign/null/other-port/missing%s and GET foreign -> 403; own origin %s 200" % (
            "/http-scheme" if self.t.tls else "", self.t.origin)

    def media_type_415(self):
        b = self.guest()
        try:
            before = self._transcript(b)
            probe = {"requestId": 4242, "capSetList": None}
            for ct in ("text/plain", "application/x-www-form-urlencoded",
                       "multipart/form-data; boundary=x", "application/jsonp"):
                r = b.post(probe, content_type=ct, kind="webDenied")
                expect(r.status == 415 and code(r) == "unsupportedMediaType",
                       "%s: %s" % (ct, r.brief()))
            after = self._transcript(b)
            new = [e.get("kind") for e in after[len(before):]]
            expect(set(new) <= {"exportTranscript"},
                   "the session's transcript shows %s after the 415s" % new)
            expect("capSetList" not in [e.get("kind") for e in after], "capSetList reached the core")
        finally:
            b.logout()
        return "4 types -> 415; transcript after them: %s" % new

    def _transcript(self, b):
        r = b.rpc("exportTranscript")
        events = r.json().get("transcript")
        expect(r.status == 200 and isinstance(events, list), "exportTranscript: " + r.brief())
        return events

    def csrf(self):
        b = self.guest()
        try:
            good = b.csrf
            other = new_token()
            cases = [("no header", dict(csrf=False)), ("wrong header", dict(csrf=other)),
                     ("upper-case header", dict(csrf=good.upper())),
                     ("short header", dict(csrf=good[:31]))]
            for what, kw in cases:
                r = b.rpc("sessionInfo", kind="webDenied", **kw)
                expect(r.status == 403 and code(r) == "csrf", "%s: %s" % (what, r.brief()))
            # Double submit alone is not enough: the token must be the one held.
            forged = Browser(self.t, sid=b.sid, csrf=other)
            r = forged.rpc("sessionInfo", kind="webDenied")
            expect(r.status == 403 and code(r) == "csrf", "cookie=header=forged: " + r.brief())
            ok = b.rpc("sessionInfo")
            expect(ok.status == 200 and "sessionInfo" in ok.json(), "control: " + ok.brief())
        finally:
            b.logout()
        return "missing, wrong, malformed, forged pair -> 403 csrf; the held token -> 200"

    # -- step 1: the reader's bounds --------------------------------------

    def _refused(self, raw, status, what):
        r = self.t.raw(raw, "readerError", what)
        expect(r.status == status, "%s: %s, want %d" % (what, r.brief(), status))
        return r

    def oversize(self):
        a, lim = self.t.authority, self.lim
        line = "GET /%s HTTP/1.1\r\nHost: %s\r\n\r\n" % ("a" * lim["max_target"], a)
        self._refused(line.encode(), 414, "request line")
        fill = "".join("X-Fill-%d: %s\r\n" % (i, "b" * 1000)
                       for i in range(lim["max_header_bytes"] // 1000 + 2))
        self._refused(("GET / HTTP/1.1\r\nHost: %s\r\n%s\r\n" % (a, fill)).encode(), 431,
                      "header bytes")
        many = "".join("X-N%d: 1\r\n" % i for i in range(lim["max_headers"] + 1))
        self._refused(("GET / HTTP/1.1\r\nHost: %s\r\n%s\r\n" % (a, many)).encode(), 431,
                      "header count")
        # Announced too large: refused before any body byte is sent.
        head = ("POST /api/rpc HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\n"
                "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                % (a, self.t.origin, lim["max_body"] + 1))
        self._refused(head.encode(), 413, "announced body")
        return "414, 431 (bytes), 431 (count), 413 before the body"

    def chunked(self):
        raw = ("POST /api/rpc HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\n"
               "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
               "2\r\n{}\r\n0\r\n\r\n" % (self.t.authority, self.t.origin))
        self._refused(raw.encode(), 411, "chunked")
        return "411"

    # -- cookies and sessions ---------------------------------------------

    def cookie_attributes(self):
        b = Browser(self.t)
        r = b.hello()
        got = r.cookies()
        expect(r.status == 200 and "capos_sid" in got and "capos_csrf" in got,
               "hello: %s %s" % (r.brief(), r.get_all("set-cookie")))
        sid, sa = got["capos_sid"]
        csrf, ca = got["capos_csrf"]
        expect(HEX32.match(sid) and HEX32.match(csrf), "values %r %r" % (sid, csrf))
        expect(sa.get("httponly") is True and str(sa.get("samesite")).lower() == "strict"
               and sa.get("path") == "/", "capos_sid attributes %s" % sa)
        expect("httponly" not in ca and str(ca.get("samesite")).lower() == "strict"
               and ca.get("path") == "/", "capos_csrf attributes %s" % ca)
        # Secure exactly when the port is HTTPS: a browser then never sends
        # the id over plain http (and would drop a Secure cookie from http).
        for name, attrs in (("capos_sid", sa), ("capos_csrf", ca)):
            expect((attrs.get("secure") is True) == bool(self.t.tls),
                   "%s over %s: Secure %s" % (name, self.t.origin.split(":")[0], attrs))
        body = r.json()
        expect(body.get("csrf") == csrf and body.get("session") is None, "hello body %s" % body)
        again = b.hello()
        expect(again.cookies().get("capos_sid", (sid,))[0] == sid and b.sid == sid,
               "a live id was not resumed: %s" % again.get_all("set-cookie"))
        other = Browser(self.t)
        other.hello()
        expect(other.sid != sid, "two browsers got the same id")
        return "32 hex, HttpOnly, SameSite=Strict, Path=/%s; resumed; distinct" % (
            ", Secure" if self.t.tls else "")

    def guest_flow(self):
        b = Browser(self.t)
        r = b.hello()
        methods = {m.get("name"): m for m in r.json().get("authMethods", [])}
        expect(methods.get("guest", {}).get("enabled") is True, "authMethods %s" % methods)
        r = b.rpc("login", GUEST_LOGIN)
        view = r.json().get("loggedIn", {})
        expect(r.status == 200 and view.get("principalClass") == "guest" and view.get("live"),
               "login: " + r.brief())
        try:
            caps = b.rpc("capSetList").json().get("capSet", [])
            names = sorted(e.get("name") for e in caps)
            expect("chat" in names and "services" not in names, "guest CapSet %s" % names)
            s = b.hello().json().get("session") or {}
            expect(s.get("principalClass") == "guest", "hello after login: %s" % s)
        finally:
            b.logout()
        return "CapSet %s" % ",".join(names)

    def _stale(self, sid, csrf, what, member="sessionInfo", value=None):
        old = Browser(self.t, sid=sid, csrf=csrf)
        r = old.rpc(member, value)
        expect(r.status == 401 and code(r) == "staleSession", "%s: %s" % (what, r.brief()))
        cleared = r.cookies().get("capos_sid")
        expect(cleared and (cleared[1].get("max-age") == "0" or not cleared[0]),
               "%s: cookies not cleared: %s" % (what, r.get_all("set-cookie")))
        # A browser ignores a non-Secure Set-Cookie that would replace a Secure one.
        expect((cleared[1].get("secure") is True) == bool(self.t.tls),
               "%s: the clearing cookie's Secure: %s" % (what, r.get_all("set-cookie")))

    def rotation(self):
        b = Browser(self.t)
        b.hello()
        ids = [(b.sid, b.csrf)]
        for step, member, value in (("login", "login", GUEST_LOGIN),
                                    ("re-login", "login", GUEST_LOGIN), ("logout", "logout", None)):
            r = b.rpc(member, value)
            expect(r.status == 200 and r.denial() is None, "%s: %s" % (step, r.brief()))
            got = r.cookies()
            expect("capos_sid" in got and "capos_csrf" in got, "%s: no rotation: %s"
                   % (step, r.get_all("set-cookie")))
            expect(b.sid not in [i for i, _ in ids] and b.csrf not in [c for _, c in ids],
                   "%s: id or token reused" % step)
            self._stale(ids[-1][0], ids[-1][1], "id before " + step)
            ids.append((b.sid, b.csrf))
        self._stale(ids[0][0], ids[0][1], "pre-auth id, login attempt", "login", GUEST_LOGIN)
        r = b.rpc("sessionInfo")
        expect(code(r) == "notAuthenticated", "after logout: " + r.brief())
        r = Browser(self.t, csrf=new_token()).rpc("sessionInfo")
        expect(r.status == 401 and code(r) == "notAuthenticated", "no capos_sid: " + r.brief())
        return "3 rotations; each old id -> 401 staleSession + cleared; no id -> 401"

    # -- the bundle and 404 -----------------------------------------------

    def bundle(self):
        r = self.t.request("GET", "/", kind="bundle")
        expect(r.status == 200 and (r.get("content-type") or "").startswith("text/html"),
               "/: " + r.brief())
        etag = r.get("etag") or ""
        expect(re.match(r'^"[0-9a-f]{64}"$', etag), "ETag %r" % etag)
        again = self.t.request("GET", "/", [("If-None-Match", etag)], kind="bundle")
        expect(again.status == 304 and not again.body, "If-None-Match: " + again.brief())
        refs = sorted(set(re.findall(r'(?:src|href)="(/[^"]*)"', r.text())))
        for ref in refs:
            f = self.t.request("GET", ref, kind="bundle")
            expect(f.status == 200, "%s: %s" % (ref, f.brief()))
        return "/ and %s; 304 on ETag" % ",".join(refs)

    def large_file(self):
        """The bundle's largest file is sent in pieces straight from the
        bundle (larger than a connection's queue): every byte arrives as
        built, and the connection is still in step for a next request."""
        root = self.lim.get("bundle_root")
        expect(root and os.path.isdir(root), "no --bundle-root to compare with")
        files = [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
        big = max(files, key=os.path.getsize)
        path = "/" + os.path.relpath(big, root).replace(os.sep, "/")
        with open(big, "rb") as f:
            want = f.read()
        sock = self.t.connect()
        try:
            head = "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, self.t.authority)
            sock.sendall(head.encode("latin-1"))
            r, rest = read_response(sock, time.monotonic() + self.t.timeout)
            expect(r.status == 200, "%s: %s" % (path, r.brief()))
            expect(r.body == want, "%s: %d bytes, %s; the build has %d" % (
                path, len(r.body), "differ" if len(r.body) == len(want) else "short", len(want)))
            # Equal to the build's file, so nothing of a session is in it; a
            # vendored library's own words (its "handle"s) are not markers.
            r.body = b""
            self.t.rec.add("bundle", path, r)
            expect(not rest, "%d bytes after the body" % len(rest))
            sock.sendall(("GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n" % self.t.authority)
                         .encode("latin-1"))
            h, _ = read_response(sock, time.monotonic() + self.t.timeout)
            self.t.rec.add("healthz", "/healthz", h)
            expect(h.status == 200, "/healthz after it on the same connection: " + h.brief())
        finally:
            sock.close()
        return "%s: %d bytes intact (sha256 %s...), then /healthz on the same connection" % (
            path, len(want), hashlib.sha256(want).hexdigest()[:12])

    def reused_source_port(self):
        """The guest closes first, so its side of the connection waits in
        TIME_WAIT; QEMU's forwarding keeps the host client's source port, and
        a host reuses ports. A new connection from the same port must be
        answered at once, not after the guest's TIME_WAIT (its SYN meets
        that pcb and is only ACKed)."""
        def dial(port):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.settimeout(self.t.timeout)
            s.bind((self.t.host, port))
            s.connect((self.t.host, self.t.port))
            return self.t.wrap(s)

        def healthz_then_eof(s, what):
            s.sendall(("GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                       % self.t.authority).encode("latin-1"))
            r, rest = read_response(s, time.monotonic() + self.t.timeout)
            self.t.rec.add("healthz", "/healthz", r)
            expect(r.status == 200, "%s: %s" % (what, r.brief()))
            expect(not rest and s.recv(1) == b"", "%s: the guest did not close after Connection: close" % what)
            if isinstance(s, ssl.SSLSocket):
                # close_notify ends TLS before the guest's FIN ends TCP: wait
                # for the FIN too, or this host would close first and its
                # side (not the guest's) would wait in TIME_WAIT.
                raw = socket.socket(fileno=os.dup(s.fileno()))
                try:
                    raw.settimeout(self.t.timeout)
                    while raw.recv(4096):
                        pass
                finally:
                    raw.close()

        port = 0
        times = []
        for i in range(3):
            t0 = time.monotonic()
            s = dial(port)
            try:
                port = s.getsockname()[1]
                healthz_then_eof(s, "connection %d from port %d" % (i + 1, port))
            except OSError as e:
                raise AssertionError("connection %d from port %d: %s" % (i + 1, port, e))
            finally:
                s.close()
            times.append(time.monotonic() - t0)
        return "3 connections from host port %d, each closed by the guest first: answered in %s s" % (
            port, "/".join("%.2f" % x for x in times))

    def plain_http_refused(self):
        """Over HTTPS, a plain HTTP request gets no HTTP answer (mbedTLS's
        alert, if anything) and its connection is closed: nothing of the
        site is served without TLS."""
        expect(self.t.tls is not None, "not an HTTPS target")
        s = self.t.connect(handshake=False)
        got = b""
        try:
            s.sendall(("GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n" % self.t.authority).encode())
            deadline = time.monotonic() + self.t.timeout
            while True:
                try:
                    got += recv_some(s, deadline)
                except Closed as e:
                    expect(str(e) != "deadline", "a plain HTTP request kept the connection "
                           "%.0fs" % self.t.timeout)
                    break
        finally:
            s.close()
        expect(not got.startswith(b"HTTP/"), "answered in plain HTTP: %r" % got[:40])
        return "closed without an HTTP answer (%d bytes%s)" % (
            len(got), ", a TLS alert" if got[:1] == b"\x15" else "")

    def not_found(self):
        # Paths full of markers: a 404 that echoed its path would fail the scan.
        for path in ("/session_id/slot", "/%2e%2e/etc/passwd", "/app.js/", "/API/hello"):
            r = self.t.request("GET", path, kind="notFound")
            expect(r.status == 404 and code(r) == "notFound", "%s: %s" % (path, r.brief()))
        return "4 paths -> 404 notFound"
