#!/usr/bin/env python3
"""Minimal host check of the gateway: raw length-prefixed frames, DTOs
encoded/decoded by Debian's `capnp` tool (no pycapnp needed).

Usage: smoke_client.py [--port N] [--secrets FILE]
Prints one `PASS <check>` / `FAIL <check>: <why>` line per proof and exits 0
only if all passed. The operator password is read from the dev secrets file
(host-only; it is sent inside the login frame, never printed).
"""
import argparse
import os
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
SCHEMA = os.path.join(HERE, "..", "..", "schema", "remote_session.capnp")


def encode(text):
    return subprocess.run(["capnp", "encode", "-I/usr/include", SCHEMA, "Request"],
                          input=text.encode(), capture_output=True, check=True).stdout


def decode(data):
    return subprocess.run(["capnp", "decode", "-I/usr/include", SCHEMA, "Response"],
                          input=data, capture_output=True, check=True).stdout.decode()


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.next_id = 1

    def raw(self, payload):
        self.sock.sendall(struct.pack("<I", len(payload)) + payload)

    def read_frame(self):
        hdr = self._read(4)
        if hdr is None:
            return None
        (n,) = struct.unpack("<I", hdr)
        return self._read(n)

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def call(self, body):
        rid = self.next_id
        self.next_id += 1
        self.raw(encode("(requestId = %d, %s)" % (rid, body)))
        frame = self.read_frame()
        return None if frame is None else decode(frame)

    def close(self):
        self.sock.close()


def password_of(secrets, principal):
    with open(secrets) as f:
        for line in f:
            if line.startswith(principal + ":"):
                return line.rstrip("\n").split(":", 1)[1]
    raise SystemExit("no %s in %s" % (principal, secrets))


def capnp_text(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=int(os.environ.get("CAPOS_REMOTE_SESSION_PORT", 2327)))
    ap.add_argument("--secrets", default=os.path.join(HERE, "..", "..", "manifests", "secrets",
                                                      "dev.secrets"))
    a = ap.parse_args()
    failures = []

    def check(name, ok, why=""):
        print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)), flush=True)
        if not ok:
            failures.append(name)

    c = Client(a.port)
    r = c.call("authMethods = void")
    check("auth-methods", r and "password" in r and "passkey" in r, r)
    pw = password_of(a.secrets, "operator")
    r = c.call("login = (password = (principal = \"operator\", password = %s))" % capnp_text(pw))
    check("operator-login", r and "loggedIn" in r and "operator" in r, r)
    r = c.call("capSetList = void")
    check("capset-list", r and "capSet" in r and "system_info" in r and "chat" in r, r)
    t0 = time.monotonic()
    n = 20
    for _ in range(n):
        r = c.call("sessionInfo = void")
    rtt = (time.monotonic() - t0) / n * 1000
    check("session-info", r and "sessionInfo" in r and "live = true" in r, r)
    print("INFO sessionInfo round trip %.2f ms (mean of %d, includes the capnp tool? no)" % (rtt, n))
    chat_id = 0xc5164bef98ecf572
    r = c.call("call = (capName = \"chat\", interfaceId = %d, chatSend = \"before join\")" % chat_id)
    check("chat-send-unjoined-domain", r and "sent = false" in r, r)
    r = c.call("call = (capName = \"chat\", interfaceId = %d, chatJoin = void)" % chat_id)
    check("chat-join-through-worker", r and "chatJoined" in r, r)
    r = c.call("call = (capName = \"chat\", interfaceId = %d, chatSend = \"hello from the host\")" % chat_id)
    check("chat-send-through-worker", r and "sent = true" in r, r)
    r = c.call("call = (capName = \"chat\", interfaceId = %d, chatWho = void)" % chat_id)
    check("chat-who", r and "chatMembers" in r and "operator" in r, r)
    r = c.call("logout = void")
    check("logout", r and "loggedOut" in r, r)
    r = c.call("sessionInfo = void")
    check("stale-after-logout", r and "staleSession" in r, r)
    r = c.call("call = (capName = \"chat\", interfaceId = %d, chatWho = void)" % chat_id)
    check("stale-chat-after-logout", r and ("staleSession" in r or "notAuthenticated" in r), r)
    c.close()

    # A header announcing 8192 bytes followed by only 4096: cut off in a bound.
    p = Client(a.port)
    p.sock.sendall(struct.pack("<I", 8192) + b"\0" * 4096)
    t0 = time.monotonic()
    frame = p.read_frame()
    took = time.monotonic() - t0
    check("partial-frame-closed", took < 10 and (frame is None or "malformedRequest" in decode(frame)),
          "took %.1fs" % took)
    p.close()

    print("SUMMARY %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
