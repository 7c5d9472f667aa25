"""The remote-session wire protocol from the host, for proofs and benches:
length-prefixed frames of schema/remote_session.capnp messages, encoded
and decoded with Debian's `capnp` tool (so the host side shares no code
with the guest's codec)."""

import os
import socket
import struct
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
SCHEMA = os.path.join(REPO, "schema", "remote_session.capnp")
CHAT_ID = 0xc5164bef98ecf572


def capnp(verb, root, data, flags=()):
    r = subprocess.run(["capnp", verb, *flags, "-I/usr/include", SCHEMA, root], input=data,
                       capture_output=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("capnp %s: %s" % (verb, r.stderr.decode(errors="replace")[:200]))
    return r.stdout


def frame(text):
    """One request frame from capnp text, e.g. "(requestId = 1, authMethods = void)"."""
    payload = capnp("encode", "Request", text.encode())
    return struct.pack("<I", len(payload)) + payload


def decode_all(payloads):
    """One text line per response (capnp decodes a stream of messages)."""
    out = capnp("decode", "Response", b"".join(payloads), ["--short"]).decode(errors="replace")
    return [l for l in out.splitlines() if l.strip()]


def capnp_text(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def login_frame(who, pw, request_id=1):
    if who == "guest":
        return frame("(requestId = %d, login = (guest = void))" % request_id)
    if who == "anonymous":
        return frame("(requestId = %d, login = (anonymous = void))" % request_id)
    return frame("(requestId = %d, login = (password = (principal = %s, password = %s)))"
                 % (request_id, capnp_text(who), capnp_text(pw)))


def dev_passwords():
    """The committed development passwords (test manifests only)."""
    out = {}
    with open(os.path.join(REPO, "manifests", "secrets", "dev.secrets")) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#") and ":" in line:
                who, _, pw = line.partition(":")
                out[who] = pw
    return out


class Conn:
    """One gateway connection speaking whole frames."""

    def __init__(self, port, timeout=60, tls=None):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:  # an ssl.SSLContext: the gateway is TLS
            self.s = tls.wrap_socket(self.s, server_hostname="localhost")

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise RuntimeError("gateway closed the connection")
            buf += chunk
        return buf

    def send(self, fr):
        self.s.sendall(fr)

    def read(self):
        """The next response payload."""
        (n,) = struct.unpack("<I", self._read(4))
        return self._read(n)

    def rpc(self, fr):
        self.send(fr)
        return self.read()

    def close(self):
        self.s.close()
