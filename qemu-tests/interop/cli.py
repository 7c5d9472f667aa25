"""Drives tools/remote-session-client for the interop proofs and keeps every
byte it printed for the forbidden-marker scan."""

import json
import os
import re
import socket
import struct
import subprocess
import threading

from web_wire import tls_context  # trusts the image's certificate only


class Step:
    """One JSON object printed by the CLI (one per step)."""

    def __init__(self, obj):
        self.obj = obj
        self.step = obj.get("step", "")
        self.outcome = obj.get("outcome")
        self.code = obj.get("code")  # denial code
        self.resp = obj.get("response") or {}

    def ok(self):
        return self.outcome == "ok"

    def denied(self, code):
        return self.outcome == "denied" and self.code == code

    def __repr__(self):
        return "%s -> %s%s" % (self.step, self.outcome, " " + self.code if self.code else "")


class Result:
    def __init__(self, rc, out, err):
        self.rc = rc
        self.out = out
        self.err = err
        self.steps = []
        for line in out.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    self.steps.append(Step(json.loads(line)))
                except ValueError:
                    pass

    def __getitem__(self, i):
        return self.steps[i]

    def brief(self):
        return "exit %d: %s" % (self.rc, "; ".join(repr(s) for s in self.steps) or self.err.strip())


class Cli:
    """`ca`: the server certificate (DER) a TLS gateway must present; then
    every CLI run verifies it (--ca) and every raw socket the proofs open
    speaks TLS (connect())."""

    def __init__(self, binary, port, log, ca=None):
        self.binary = binary
        self.port = port
        self.log = log  # file: every invocation's output, for people
        self.output = []  # every byte printed, for the marker scan
        self.lock = threading.Lock()
        self.trust = ["--ca", ca] if ca else []
        self.tls = tls_context(ca) if ca else None

    def connect(self, timeout=10, handshake=True):
        """A raw connection to the gateway: inside TLS when the gateway is
        TLS, unless `handshake` is False (a socket that never says hello)."""
        s = raw_connect(self.port, timeout)
        if self.tls is not None and handshake:
            s = self.tls.wrap_socket(s, server_hostname="localhost")
        return s

    def env(self, password=None, user=None):
        e = dict(os.environ)
        e.pop("CAPOS_REMOTE_SESSION_PASSWORD", None)
        e["CAPOS_REMOTE_SESSION_PORT"] = str(self.port)
        if password is not None:
            e["CAPOS_REMOTE_SESSION_PASSWORD"] = password
        if user is not None:
            e["CAPOS_REMOTE_SESSION_USER"] = user
        return e

    def argv(self, steps, json_out=True, extra=()):
        a = [self.binary] + (["--json"] if json_out else []) + self.trust + list(extra)
        a.append("session")
        for s in steps:
            a += ["--do", s]
        return a

    def _keep(self, argv, out, err, rc):
        with self.lock:
            self.output += [out, err]
            shown = [x for x in argv[1:] if x != self.binary]
            self.log.write("$ remote-session-client %s\n%s%s[exit %d]\n\n"
                           % (" ".join(shown), out, err, rc))
            self.log.flush()

    def run(self, steps, password=None, user=None, json_out=True, extra=(), timeout=120):
        argv = self.argv(steps, json_out, extra)
        p = subprocess.run(argv, env=self.env(password, user), capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        self._keep(argv, out, err, p.returncode)
        return Result(p.returncode, out, err)

    def start(self, steps, password=None, user=None):
        """A background CLI (held sessions for bound proofs); finish() it."""
        argv = self.argv(steps)
        p = subprocess.Popen(argv, env=self.env(password, user), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        p.argv_ = argv
        return p

    def first_line(self, p, timeout=60):
        """The first JSON line of a background CLI (its login), or None."""
        box = []
        t = threading.Thread(target=lambda: box.append(p.stdout.readline()), daemon=True)
        t.start()
        t.join(timeout)
        if not box or not box[0]:
            return None
        line = box[0].decode("utf-8", "replace")
        with self.lock:
            self.output.append(line)
        try:
            return Step(json.loads(line))
        except ValueError:
            return None

    def finish(self, p, kill=False):
        if kill and p.poll() is None:
            p.terminate()
        try:
            out, err = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        self._keep(p.argv_, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                   p.returncode)
        return p.returncode


def raw_connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_until_closed(sock, limit):
    """Reads until EOF/reset; returns (bytes, closed) within `limit` seconds."""
    sock.settimeout(limit)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data, True
            data += chunk
    except socket.timeout:
        return data, False
    except OSError:
        return data, True


def header(n):
    return struct.pack("<I", n)


# ---------------------------------------------------------------------------
# Forbidden markers (services/lib/remote-session/forbidden-markers.txt).

PROTOCOL_WORDS = {"operator", "user", "guest", "anonymous", "root"}


def load_markers(path):
    markers = []
    try:
        with open(path) as f:
            for line in f:
                line = line.rstrip("\n")
                if line.strip() and not line.startswith("#"):
                    markers.append(line)
    except OSError:
        pass
    return markers


def marker_regex(m):
    word = re.compile(r"[A-Za-z0-9_]")
    pre = r"(?<![A-Za-z0-9_])" if word.match(m[0]) else ""
    post = r"(?![A-Za-z0-9_])" if word.match(m[-1]) else ""
    return re.compile(pre + re.escape(m) + post, re.I)


def scan(texts, markers, secrets, host_user, host_paths):
    """Returns a list of (what, where) hits; secrets and paths are plain
    substrings, the host user a whole word (skipped when short or a
    protocol word, per forbidden-markers.txt)."""
    hits = []
    pats = [(m, marker_regex(m)) for m in markers]
    if host_user and len(host_user) >= 3 and host_user.lower() not in PROTOCOL_WORDS:
        pats.append(("host user", marker_regex(host_user)))
    for i, t in enumerate(texts):
        for name, rx in pats:
            if rx.search(t):
                hits.append((name, i))
        for s in secrets:
            if s and s in t:
                hits.append(("a password", i))
        for p in host_paths:
            if p and p in t:
                hits.append(("a host path", i))
    return hits
