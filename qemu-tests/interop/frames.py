"""Raw remote-session frames for the fault suite (run_faults.py): what the
CLI cannot do (half a frame, a logout pipelined behind a call, a trickle).

A frame is a 4-byte little-endian length and a Cap'n Proto message
(schema/remote_session.capnp). Requests are encoded by Debian's `capnp`
tool, once per distinct text (cached). Responses are summarized by a small
reader of the few fields the proofs need (request id, which Response
variant, the denial code, the CallResult variant), so hundreds of answers
under load cost no subprocess; `decode()` gives the full text when a proof
wants to show it.
"""

import os
import socket
import ssl
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
from rs_wire import CHAT_ID, capnp, capnp_text  # noqa: E402,F401

# Response union tags and ErrorCode ordinals (capnp compile -ocapnp).
RESPONSE_KINDS = ["denied", "authMethods", "loggedIn", "sessionInfo", "capSet", "capSetEntry",
                  "callResult", "loggedOut", "transcript"]
ERROR_CODES = ["authDenied", "disabledAuthMethod", "unknownCap", "wrongInterface",
               "methodDenied", "staleSession", "boundExceeded", "malformedRequest",
               "notAuthenticated", "unavailable", "loginTimeout"]
CALL_KINDS = ["session", "text", "chatJoined", "chatLeft", "chatSent", "chatMembers",
              "chatMessages"]

_cache = {}
_lock = threading.Lock()


def encode(text):
    """The message bytes of Request `text` (capnp text format)."""
    with _lock:
        if text not in _cache:
            _cache[text] = capnp("encode", "Request", text.encode())
        return _cache[text]


def frame(text):
    body = encode(text)
    return struct.pack("<I", len(body)) + body


def decode(body):
    """capnp's own text of a Response message (for failure messages)."""
    try:
        return capnp("decode", "Response", body).decode("utf-8", "replace").strip()
    except RuntimeError:
        return "<undecodable %d bytes>" % len(body)


# -- requests ------------------------------------------------------------------

def auth_methods(rid):
    return "(requestId = %d, authMethods = void)" % rid


def login_guest(rid):
    return "(requestId = %d, login = (guest = void))" % rid


def login_password(rid, who, password):
    return "(requestId = %d, login = (password = (principal = %s, password = %s)))" % (
        rid, capnp_text(who), capnp_text(password))


def session_info(rid):
    return "(requestId = %d, sessionInfo = void)" % rid


def logout(rid):
    return "(requestId = %d, logout = void)" % rid


def chat(rid, variant):
    """variant: 'chatJoin = void', 'chatWho = void', 'chatSend = "..."'."""
    return "(requestId = %d, call = (capName = \"chat\", interfaceId = %d, %s))" % (
        rid, CHAT_ID, variant)


def chat_send(rid, text):
    return chat(rid, "chatSend = %s" % capnp_text(text))


# -- responses -----------------------------------------------------------------

class Answer:
    """What the proofs need of one Response: request id, variant, code."""

    def __init__(self, body):
        self.body = body
        self.rid, self.kind, self.code, self.call = _summarize(body)

    def ok(self, kind=None):
        return self.kind != "denied" and (kind is None or self.kind == kind)

    def denied(self, code=None):
        return self.kind == "denied" and (code is None or self.code == code)

    def text(self):
        return decode(self.body)

    def __repr__(self):
        what = self.kind
        if self.kind == "denied":
            what += " " + str(self.code)
        elif self.call:
            what += " " + self.call
        return "#%s %s" % (self.rid, what)


def _word(b, i):
    return struct.unpack_from("<Q", b, i * 8)[0] if 0 <= i and (i + 1) * 8 <= len(b) else 0


def _struct(seg, at):
    """(data word index, data words, pointer word index) of the struct
    pointer at word `at`, or None (null, not a struct, out of range)."""
    p = _word(seg, at)
    if p == 0 or p & 3 != 0:
        return None
    off = (p >> 2) & 0x3FFFFFFF
    if off & 0x20000000:
        off -= 1 << 30
    data = at + 1 + off
    dwords = (p >> 32) & 0xFFFF
    return data, dwords, data + dwords


def _u16(seg, data, dwords, bit):
    if bit // 64 >= dwords:
        return 0
    return (_word(seg, data + bit // 64) >> (bit % 64)) & 0xFFFF


def _summarize(body):
    # The segment table, then segment 0, which holds the root (the guest's
    # builder starts there; a large answer adds more segments after it).
    if len(body) < 16:
        return None, "undecodable", None, None
    count = struct.unpack_from("<I", body, 0)[0] + 1
    start = (4 + 4 * count + 7) // 8 * 8
    if count > 64 or len(body) < start:
        return None, "undecodable", None, None
    size0 = struct.unpack_from("<I", body, 4)[0] * 8
    seg = body[start:start + size0]
    root = _struct(seg, 0)
    if root is None:
        return None, "undecodable", None, None
    data, dwords, ptrs = root
    rid = _word(seg, data) & 0xFFFFFFFF if dwords else 0
    tag = _u16(seg, data, dwords, 32)
    kind = RESPONSE_KINDS[tag] if tag < len(RESPONSE_KINDS) else "tag%d" % tag
    code = call = None
    inner = _struct(seg, ptrs) if kind in ("denied", "callResult") else None
    if inner is not None:
        v = _u16(seg, inner[0], inner[1], 0)
        if kind == "denied":
            code = ERROR_CODES[v] if v < len(ERROR_CODES) else "code%d" % v
        else:
            call = CALL_KINDS[v] if v < len(CALL_KINDS) else "call%d" % v
    elif kind == "denied":
        code = ERROR_CODES[0]
    return rid, kind, code, call


# -- a connection --------------------------------------------------------------

class Conn:
    """One raw connection. Reads answers by request id, so answers that come
    back out of order (a chat call behind a logout) are matched."""

    def __init__(self, port, timeout=30.0, tls=None, session=None):
        """`tls`: an ssl.SSLContext for a TLS port (server name localhost);
        `session`: an ssl.SSLSession to resume."""
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:
            self.sock = tls.wrap_socket(self.sock, server_hostname="localhost", session=session)
        self.buf = b""
        self.early = {}  # rid -> Answer read while waiting for another
        self.closed = False

    def send(self, *texts):
        """Sends the frames of the given requests in one write."""
        self.sock.sendall(b"".join(frame(t) for t in texts))

    def send_raw(self, data):
        self.sock.sendall(data)

    def read_answer(self, timeout):
        """The next Answer, or None on EOF/reset; raises socket.timeout."""
        end = time.monotonic() + timeout
        while True:
            if len(self.buf) >= 4:
                (n,) = struct.unpack_from("<I", self.buf, 0)
                if len(self.buf) >= 4 + n:
                    body, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
                    return Answer(body)
            left = end - time.monotonic()
            if left <= 0:
                raise socket.timeout("no answer within %.0fs" % timeout)
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
                chunk = b""
            if not chunk:
                self.closed = True
                return None
            self.buf += chunk

    def answer_for(self, rid, timeout):
        """The Answer to request `rid` (others are kept), or None on EOF."""
        if rid in self.early:
            return self.early.pop(rid)
        end = time.monotonic() + timeout
        while True:
            a = self.read_answer(max(end - time.monotonic(), 0.01))
            if a is None or a.rid == rid:
                return a
            self.early[a.rid] = a

    def call(self, text, rid, timeout=30.0):
        self.send(text)
        return self.answer_for(rid, timeout)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
