"""A minimal RFC 6455 client for the web-ui suite: the opening handshake
(checking Sec-WebSocket-Accept), masked client frames (section 5.3: a
client MUST mask, a server MUST NOT), and reading messages with
fragmentation, ping and close. Stdlib only."""

import base64
import hashlib
import json
import os
import socket
import struct
import time

from web_wire import Closed, expect, read_response, recv_some

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_MESSAGE = 1 << 20


def accept_for(key):
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def upgrade(target, headers, kind="websocket"):
    """GET /api/events with an Upgrade; returns (Response, WebSocket or None)."""
    key = base64.b64encode(os.urandom(16)).decode()
    head = ("GET /api/events HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: %s\r\n"
            % (target.authority, key))
    for name, value in headers:
        head += "%s: %s\r\n" % (name, value)
    s = target.connect()
    try:
        s.sendall((head + "\r\n").encode("latin-1"))
        resp, rest = read_response(s, time.monotonic() + target.timeout, head_only=True)
    except BaseException:
        s.close()
        raise
    if resp.status != 101:
        # A refusal has a body; read it (bounded) for the header and marker proofs.
        try:
            n = int(resp.get("content-length") or 0)
            while len(rest) < n:
                rest += recv_some(s, time.monotonic() + 2)
        except (Closed, ValueError):
            pass
        resp.body = rest
        s.close()
        target.rec.add(kind, "/api/events", resp)
        return resp, None
    expect(resp.get("sec-websocket-accept") == accept_for(key),
           "Sec-WebSocket-Accept %r, want %r" % (resp.get("sec-websocket-accept"), accept_for(key)))
    return resp, WebSocket(s, rest, target.rec)


class WebSocket:
    def __init__(self, sock, pending, recorder):
        self.s = sock
        self.buf = pending
        self.rec = recorder
        self.closed = False

    def _frame(self, opcode, payload):
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.s.sendall(head + mask + masked)

    def send_json(self, obj):
        self._frame(0x1, json.dumps(obj).encode())

    def close(self, code=1000):
        try:
            if not self.closed:
                self._frame(0x8, struct.pack(">H", code))
        except OSError:
            pass
        self.closed = True
        self.s.close()

    def _need(self, n, deadline):
        while len(self.buf) < n:
            self.buf += recv_some(self.s, deadline)
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _read_frame(self, deadline):
        b0, b1 = self._need(2, deadline)
        expect(not b1 & 0x80, "the server masked a frame (RFC 6455 5.1)")
        expect(not b0 & 0x70, "reserved bits set without an extension")
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", self._need(2, deadline))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._need(8, deadline))[0]
        expect(n <= MAX_MESSAGE, "frame of %d bytes" % n)
        return bool(b0 & 0x80), b0 & 0x0F, self._need(n, deadline)

    def recv(self, timeout):
        """The next message: ("text", str) or ("close", code); raises Closed
        when the deadline passes or the connection ends without a close."""
        deadline = time.monotonic() + timeout
        parts, first = [], None
        while True:
            fin, op, payload = self._read_frame(deadline)
            if op == 0x9:  # ping: answer, keep reading
                self._frame(0xA, payload)
                continue
            if op == 0xA:
                continue
            if op == 0x8:
                self.closed = True
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                return "close", code
            expect(op in (0x0, 0x1, 0x2), "unknown opcode %d" % op)
            expect((op == 0) == (first is not None), "bad fragmentation (opcode %d)" % op)
            first = op if first is None else first
            parts.append(payload)
            expect(sum(map(len, parts)) <= MAX_MESSAGE, "message too long")
            if fin:
                break
        expect(first == 0x1, "a binary message (the API sends text only)")
        text = b"".join(parts).decode("utf-8")
        self.rec.texts.append(("websocket", text))
        return "text", text

    def wait_json(self, pred, timeout):
        """The first pushed JSON object for which pred holds; every message
        seen meanwhile is kept. Raises AssertionError if none arrives."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            left = deadline - time.monotonic()
            try:
                kind, value = self.recv(max(left, 0.01))
            except Closed as e:
                raise AssertionError("no matching push within %.0fs (%s); saw %s"
                                     % (timeout, e, [s[:80] for s in seen]))
            if kind == "close":
                raise AssertionError("closed (%d) before a matching push; saw %s" % (value, seen))
            seen.append(value)
            try:
                obj = json.loads(value)
            except ValueError:
                raise AssertionError("a push that is not JSON: %r" % value[:120])
            if pred(obj):
                return obj

    def wait_closed(self, timeout):
        """True once the server closed (close frame or EOF) within timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                kind, _ = self.recv(deadline - time.monotonic())
            except Closed as e:
                return str(e) != "deadline"
            except socket.error:
                return True
            if kind == "close":
                return True
        return False
