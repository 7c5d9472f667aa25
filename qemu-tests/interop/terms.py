"""Terminal proofs at the wire (issue 12): the DTO terminal calls and
sessionResume, spoken frame by frame with answers decoded by Debian's
`capnp` tool, so nothing here shares code with the guest or the CLI.

Each proof returns a one-line note or raises AssertionError."""

import json
import re
import time

import frames
from frames import Conn, login_password, logout
from proofs import expect
from rs_wire import capnp

TERMINAL_ID = 0xca8f05688a962b50
ANSWER_S = 30.0


def hexdata(b):
    return '0x"%s"' % b.hex()


def term_call(rid, variant):
    return '(requestId = %d, call = (capName = "terminal", interfaceId = %d, %s))' % (
        rid, TERMINAL_ID, variant)


def ref(t, a):
    return "ref = (terminalId = %d, attachment = %d)" % (t, a)


def as_json(body):
    """The Response as capnp's own JSON (Data as a list of byte values)."""
    return json.loads(capnp("convert", "Response", body, ["binary:json"]).decode())


class Term:
    """One connection with a session; its terminal calls answer as dicts."""

    def __init__(self, port):
        self.c = Conn(port, ANSWER_S)
        self.rid = 0

    def call(self, text_fn, timeout=ANSWER_S):
        self.rid += 1
        a = self.c.call(text_fn(self.rid), self.rid, timeout)
        expect(a is not None, "connection closed before answer #%d" % self.rid)
        return as_json(a.body)

    def login(self, who, password):
        r = self.call(lambda rid: login_password(rid, who, password))
        expect("loggedIn" in r, "login %s: %s" % (who, r))
        return r["loggedIn"]

    def resume(self, ticket):
        return self.call(lambda rid: "(requestId = %d, sessionResume = %s)" % (rid, hexdata(ticket)))

    def term(self, variant, timeout=ANSWER_S):
        r = self.call(lambda rid: term_call(rid, variant), timeout)
        if "denied" in r:
            return r
        return r["callResult"]["terminal"]

    def open(self, cols=80, rows=24):
        t = self.term("terminalOpen = (cols = %d, rows = %d)" % (cols, rows))
        expect(t.get("status") == "ok", "terminalOpen: %s" % t)
        return int(t["ref"]["terminalId"]), int(t["ref"]["attachment"])

    def attach(self, tid, mode, resume_seq=0, replace=False):
        return self.term("terminalAttach = (terminalId = %d, mode = \"%s\", resumeSeq = %d, "
                         "replaceOwner = %s)" % (tid, mode, resume_seq,
                                                 "true" if replace else "false"))

    def write(self, tid, att, data):
        return self.term("terminalWrite = (%s, bytes = %s)" % (ref(tid, att), hexdata(data)))

    def read(self, tid, att, seq, wait_ms=0, max_bytes=0):
        r = self.term("terminalRead = (%s, fromSeq = %d, maxBytes = %d, waitMs = %d)" % (
            ref(tid, att), seq, max_bytes, wait_ms), timeout=wait_ms / 1000.0 + ANSWER_S)
        if "status" in r:
            r["data"] = bytes(r.get("bytes", []))
            r["nextSeq"] = int(r.get("nextSeq", 0))
            r["skipped"] = int(r.get("skipped", 0))
        return r

    def read_until(self, tid, att, seq, pattern, timeout=ANSWER_S):
        """Reads from seq until the output so far matches `pattern`;
        returns (bytes, next seq)."""
        got = b""
        end = time.monotonic() + timeout
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        while not rx.search(got):
            left = end - time.monotonic()
            expect(left > 0, "no %r in the terminal within %.0fs; got %r" % (
                pattern, timeout, got[-300:]))
            r = self.read(tid, att, seq, wait_ms=int(min(left, 5) * 1000))
            expect(r.get("status") == "ok", "terminalRead: %s" % r)
            expect(r["skipped"] == 0, "the owner was skipped: %s" % r)
            got += r["data"]
            seq = r["nextSeq"]
        return got, seq

    def drain(self, tid, att, seq, quiet_ms=1500):
        """Reads until no output came for quiet_ms; (bytes, next seq)."""
        got = b""
        while True:
            r = self.read(tid, att, seq, wait_ms=quiet_ms)
            expect(r.get("status") == "ok", "terminalRead: %s" % r)
            got += r["data"]
            seq = r["nextSeq"]
            if not r["data"]:
                return got, seq

    def logout(self):
        self.rid += 1
        a = self.c.call(logout(self.rid), self.rid, ANSWER_S)
        expect(a is not None and a.ok("loggedOut"), "logout: %r" % a)

    def close(self):
        self.c.close()


def status_of(r):
    if "denied" in r:
        return "denied " + r["denied"]["code"]
    return r.get("status")


def ticket_of(view):
    t = bytes(view.get("resumeTicket", []))
    expect(len(t) == 16, "loggedIn carries no 16-byte resume ticket: %s" % view)
    return t


PROMPT = r"operator\x1b\[0m@capos> "
frames_module = frames  # the request helpers the runner reuses
