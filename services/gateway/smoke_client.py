#!/usr/bin/env python3
"""Minimal host check of the gateway: raw length-prefixed frames, DTOs
encoded/decoded by Debian's `capnp` tool (no pycapnp needed).

Usage: smoke_client.py [--port N | --boot [--image PATH]] [--secrets FILE]
  --boot  boots the system-remote-session-capset-interop image through
          qemu-tests/echo_guest.py (BUILD as for qemu-tests), runs the checks
          and also checks the guest log (chat-server saw the live operator
          session; the worker was shut down; no password on the console).
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
    ap.add_argument("--boot", action="store_true")
    ap.add_argument("--image")
    a = ap.parse_args()
    failures = []
    guest = None
    if a.boot:
        sys.path.insert(0, os.path.join(HERE, "..", "..", "qemu-tests"))
        import echo_guest as eg
        run = ["--image", a.image] if a.image else ["--manifest",
                                                    "system-remote-session-capset-interop"]
        guest = eg.Guest(run, os.path.join(eg.log_dir(), "gateway-smoke.log"))
        fw = guest.forwards(120)
        if not fw or not guest.saw("gateway: listening on 2327", 180):
            print("FAIL boot: gateway not listening (last: %r)" % guest.lines[-3:])
            guest.stop()
            return 1
        a.port = fw[2327]
        print("PASS boot (log: %s)" % os.path.join(eg.log_dir(), "gateway-smoke.log"))
    try:
        rc = run_checks(a, failures)
    finally:
        if guest:
            time.sleep(1)
            lines = list(guest.lines)
            guest.stop()
    if guest:
        def seen(text):
            return any(text in l for l in lines)
        checks = [
            ("guest-chat-saw-live-session",
             any("[chat-server]" in l and "class=operator" in l for l in lines)),
            ("guest-worker-bound-started", seen("chat-worker pid")),
            ("guest-worker-shut-down", seen("[chat-worker] chat-worker: stopped")),
            ("guest-disconnect-teardown",
             sum("[gateway] worker: chat-worker pid" in l and "shut down" in l for l in lines) == 2
             and sum("[gateway] audit: logout event=" in l for l in lines) == 2),
            ("guest-audit-login", seen("[gateway] audit: login event=")),
            ("guest-no-password-on-console", not seen(password_of(a.secrets, "operator"))),
            ("guest-no-kill-or-fault", not any("killed" in l or "fault" in l for l in lines)),
        ]
        for name, ok in checks:
            print(("PASS %s" % name) if ok else ("FAIL %s" % name), flush=True)
            if not ok:
                failures.append(name)
    print("SUMMARY %d failed" % len(failures))
    return 1 if failures else 0


def run_checks(a, failures):

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
    r = c.call("sessionInfo = void")
    check("session-info", r and "sessionInfo" in r and "live = true" in r, r)
    # Round trip on the wire only: the request is encoded once up front.
    frame = encode("(requestId = 999, sessionInfo = void)")
    n = 50
    t0 = time.monotonic()
    for _ in range(n):
        c.raw(frame)
        c.read_frame()
    rtt = (time.monotonic() - t0) / n * 1000
    print("INFO sessionInfo round trip %.2f ms (mean of %d)" % (rtt, n), flush=True)
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

    # Disconnect without logout: the session is logged out, the worker stops.
    d = Client(a.port)
    d.call("login = (password = (principal = \"operator\", password = %s))" % capnp_text(pw))
    r = d.call("call = (capName = \"chat\", interfaceId = %d, chatJoin = void)" % chat_id)
    check("disconnect-session-chat-joined", r and "chatJoined" in r, r)
    d.close()
    time.sleep(2)

    # Connection bound: 72 open (gateway kMaxConns), the next one gets boundExceeded then close.
    held = [Client(a.port) for _ in range(72)]
    r = held[-1].call("authMethods = void")
    check("connections-at-limit-served", r and "authMethods" in r, r)
    extra = Client(a.port)
    frame = extra.read_frame()
    check("connections-past-limit-boundExceeded",
          frame is not None and "boundExceeded" in decode(frame), frame)
    extra.close()
    for h in held:
        h.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
