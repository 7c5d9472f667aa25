"""The time and resource proofs of web_http.py (slow and idle peers) and the
WebSocket proofs. A proof passes only on its evidence: a close seen within
the bound, a push seen within its timeout; silence fails it. Over HTTPS
the slow peers drip TLS records (one byte of request each), and a peer
that drips its ClientHello, or never sends one, must be cut off too."""

import json
import select
import ssl
import time

from web_wire import Browser, Closed, expect, new_token
from web_ws import upgrade


class Slow:
    def __init__(self, target, limits):
        self.t = target
        self.lim = limits
        self.ws = None
        self.ws_browser = None

    def bound(self):
        return self.lim["read_deadline"] + self.lim["slack"]

    def _healthz(self):
        t0 = time.monotonic()
        r = self.t.raw(("GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                        % self.t.authority).encode(), "healthz", "/healthz",
                       timeout=self.lim["serve_timeout"])
        expect(r.status == 200, "/healthz meanwhile: " + r.brief())
        return time.monotonic() - t0

    def _drip(self, head, what, rest=b"", bound=None, deadline=None):
        """Sends head, then one byte per drip interval (the bytes of rest,
        then "a"s), never finishing the request. Without a TLS handshake
        when rest is given (it is the hello). Returns (seconds until the
        server closed, bytes dripped, /healthz time meanwhile)."""
        bound, step = bound or self.bound(), self.lim["drip"]
        deadline = deadline or self.lim["read_deadline"]
        s = self.t.connect(handshake=not rest)
        t0 = time.monotonic()
        s.sendall(head)
        # Readable can be a TLS 1.3 session ticket, which holds no bytes: a
        # recv then waits one drip interval, not until the server closes.
        s.settimeout(step)
        dripped, answer, health = 0, b"", None
        try:
            while time.monotonic() - t0 < bound:
                readable, _, _ = select.select([s], [], [], step)
                try:
                    if readable:
                        try:
                            data = s.recv(4096)
                        except (ssl.SSLWantReadError, TimeoutError):
                            data = None  # a post-handshake message, no request bytes
                        if data == b"":
                            break
                        if data:
                            answer += data
                            continue
                    s.send(rest[dripped:dripped + 1] or b"a")
                    dripped += 1
                except OSError:
                    break
                if health is None and time.monotonic() - t0 >= self.lim["read_deadline"] / 2:
                    health = self._healthz()
            took = time.monotonic() - t0
        finally:
            s.close()
        expect(took < bound, "%s: still open after %.1fs of progress (deadline %.0fs): it "
               "must not reset on progress" % (what, took, deadline))
        expect(not answer.startswith(b"HTTP/1.1 2"), "%s answered %r" % (what, answer[:60]))
        expect(health is not None, "%s: closed at %.1fs, before the /healthz check" % (what, took))
        expect(dripped >= 2, "%s: closed after %d bytes: not a deadline" % (what, dripped))
        return took, dripped, health

    def slowloris(self):
        head = ("GET / HTTP/1.1\r\nHost: %s\r\nX-Drip: " % self.t.authority).encode()
        took, n, health = self._drip(head, "headers")
        return "closed after %.1fs, %d header bytes dripped (deadline %.0fs); /healthz %.2fs" % (
            took, n, self.lim["read_deadline"], health)

    def slow_tls_hello(self):
        """A peer that drips its ClientHello never reaches HTTP, so no
        request has started: the port's keep-alive idle limit (from accept,
        not reset by bytes) is what cuts it off, while others are served."""
        expect(self.t.tls is not None, "not an HTTPS target")
        hello = client_hello(self.t.tls)
        keep = self.lim["keep_alive"]
        took, n, health = self._drip(hello[:5], "ClientHello", rest=hello[5:],
                                     bound=keep + self.lim["slack"], deadline=keep)
        expect(n < len(hello) - 5, "the whole %d-byte hello was sent" % len(hello))
        return ("closed after %.1fs, %d of %d hello bytes dripped (keep-alive %.0fs); "
                "/healthz over TLS %.2fs" % (took, n + 5, len(hello), keep, health))

    def drip_body(self):
        length = int(self.bound() / self.lim["drip"]) + 16
        head = ("POST /api/rpc HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Type: "
                "application/json\r\nX-CSRF-Token: %s\r\nContent-Length: %d\r\n\r\n"
                % (self.t.authority, self.t.origin, new_token(), length)).encode()
        took, n, health = self._drip(head, "body")
        return "closed after %.1fs, %d of %d body bytes (deadline %.0fs); /healthz %.2fs" % (
            took, n, length, self.lim["read_deadline"], health)

    def idle_flood(self):
        b = Browser(self.t)
        b.login_guest()
        socks = []
        try:
            for n in range(self.lim["flood"]):
                try:
                    # Over TLS the started ones finish the handshake; the
                    # idle ones never say hello (cheaper, and as idle).
                    socks.append(self.t.connect(timeout=5, handshake=n % 2 == 0))
                except OSError:
                    break
            expect(socks, "no flood connection opened")
            started = socks[::2]
            for s in started:
                try:
                    s.sendall(b"GET / HTTP/1.1\r\n")
                except OSError:
                    pass  # already dropped by the server
            t0 = time.monotonic()
            health = self._healthz()
            r = b.rpc("sessionInfo")
            expect(r.status == 200 and "sessionInfo" in r.json(),
                   "a logged-in session during the flood: " + r.brief())
            served = time.monotonic() - t0
            # Every started request must be cut at its deadline, flood or not.
            open_started = list(started)
            while open_started and time.monotonic() - t0 < self.bound():
                readable, _, _ = select.select(open_started, [], [], 0.5)
                for s in readable:
                    try:
                        data = s.recv(4096)
                    except OSError:
                        data = b""
                    if not data:
                        open_started.remove(s)
            expect(not open_started, "%d of %d started requests still open after %.0fs"
                   % (len(open_started), len(started), self.bound()))
            idle_closed = sum(1 for s in socks[1::2] if _closed_now(s))
        finally:
            for s in socks:
                s.close()
            b.logout()
        return ("%d sockets (%d with a started request): /healthz %.2fs, session served in "
                "%.2fs; started ones closed; %d idle ones closed by the server" % (
                    len(socks), len(started), health, served, idle_closed))

    # -- WebSocket --------------------------------------------------------

    def ws_foreign_origin(self):
        b = Browser(self.t)
        b.login_guest()
        try:
            for what, origin in (("foreign", [("Origin", "http://evil.example")]),
                                 ("missing", [])):
                resp, ws = upgrade(self.t, b.cookie_headers() + origin, kind="webDenied")
                if ws:
                    ws.close()
                expect(resp.status == 403, "%s Origin: %s" % (what, resp.brief()))
        finally:
            b.logout()
        return "foreign and missing Origin -> 403 (with a logged-in cookie)"

    def ws_without_session(self):
        pre = Browser(self.t)
        pre.hello()
        cases = (("no cookie", []), ("pre-auth cookie", pre.cookie_headers()),
                 ("unknown id", [("Cookie", "capos_sid=%s" % new_token())]))
        for what, cookie in cases:
            resp, ws = upgrade(self.t, cookie + [("Origin", self.t.origin)], kind="webDenied")
            if ws:
                ws.close()
            expect(resp.status == 403, "%s: %s" % (what, resp.brief()))
        return "no cookie, pre-auth, unknown id -> 403"

    def ws_push(self):
        b = self.ws_browser = Browser(self.t)
        b.login_guest()
        iface = b.interface_of("chat")
        resp, ws = upgrade(self.t, b.cookie_headers() + [("Origin", self.t.origin)])
        expect(ws is not None, "upgrade: " + resp.brief())
        self.ws = ws
        ws.send_json({"watch": {"chat": True}})
        r = b.call("chat", iface, "chatJoin")
        expect(r.status == 200 and "chatJoined" in r.json().get("callResult", {}), r.brief())
        text = "web-http push " + new_token()[:12]
        r = b.call("chat", iface, "chatSend", text)
        sent = r.json().get("callResult", {}).get("chatSent", {})
        expect(sent.get("sent") is True, "chatSend: " + r.brief())
        t0 = time.monotonic()
        ws.wait_json(lambda o: o.get("event") == "chat" and text in json.dumps(o),
                     self.lim["push_timeout"])
        return "pushed after %.1fs" % (time.monotonic() - t0)

    def ws_logout_push(self):
        expect(self.ws is not None, "no open socket (ws-push failed)")
        try:
            r = self.ws_browser.rpc("logout")
            expect(r.status == 200 and "loggedOut" in r.json(), "logout: " + r.brief())
            self.ws.wait_json(lambda o: o.get("event") == "session" and
                              o.get("state") == "loggedOut", self.lim["push_timeout"])
            expect(self.ws.wait_closed(self.lim["push_timeout"]),
                   "socket still open %.0fs after the loggedOut push" % self.lim["push_timeout"])
        finally:
            self.ws.close()
        return "loggedOut pushed, then closed"


def client_hello(ctx):
    """The first flight of a TLS client with ctx, as bytes (no socket)."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = outgoing.read()
    expect(hello[:1] == b"\x16" and len(hello) > 64, "not a ClientHello: %r" % hello[:8])
    return hello


def _closed_now(s):
    try:
        readable, _, _ = select.select([s], [], [], 0)
        return bool(readable) and not s.recv(4096)
    except (OSError, Closed):
        return True
