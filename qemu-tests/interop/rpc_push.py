"""Issue 11: Chat.subscribe pushes over standard Cap'n Proto RPC, proven
with tools/rpc-probe (Debian's libcapnp-rpc), whose ChatReceiver lives in
the client and prints every push with the wall clock. The subscriber only
runs its event loop (`listen`) while another session sends: whatever it
prints was pushed, never asked for. Used by run_rpc.py."""

import os
import re
import subprocess
import threading
import time

import rpc_session

PUSHED = re.compile(r"^pushed(-stuck)? seq=(\d+) from=(\S+) text=(\S+) truncated=(\d) at_ms=(\d+)$")


class Live:
    """A probe whose lines are read as they come, so a proof can act
    between its steps (wait_for), and answer its `wait` step (go)."""

    def __init__(self, proofs, steps):
        self.proofs = proofs
        self.steps = steps
        self.p = subprocess.Popen([proofs.probe_bin, "--port", str(proofs.port)] + steps,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.lines = []
        self.cv = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.p.stdout:
            with self.cv:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cv.notify_all()
        with self.cv:
            self.lines.append(None)  # end of output
            self.cv.notify_all()

    def wait_for(self, prefix, timeout=60):
        with self.cv:
            ok = self.cv.wait_for(lambda: any(l is None or l.startswith(prefix)
                                              for l in self.lines), timeout)
            hit = [l for l in self.lines if l is not None and l.startswith(prefix)]
        assert ok and hit, "no %r from the probe: %r" % (prefix, self.lines)
        return hit[0]

    def go(self):
        try:
            self.p.stdin.write(b"\n")
            self.p.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # it has ended already: finish() reports how

    def finish(self, timeout=90):
        try:
            self.p.wait(timeout)
        finally:
            if self.p.poll() is None:
                self.p.kill()
                self.p.wait()
        with self.cv:
            self.cv.wait_for(lambda: self.lines and self.lines[-1] is None, 5)
            out = [l for l in self.lines if l is not None]
        self.proofs.log.write("$ (live) rpc-probe %s\n%s\n[exit %s]\n\n" % (
            " ".join(self.steps), "\n".join(out), self.p.returncode))
        self.proofs.log.flush()
        return out


def pushes(lines):
    return [PUSHED.match(l) for l in lines if PUSHED.match(l)]


class PushProofs:
    def __init__(self, proofs):
        self.pr = proofs
        self.sess = rpc_session.SessionProofs(proofs)
        self.max_subs = int(re.search(r"const maxSubscriptions :UInt32 = (\d+);", open(
            os.path.join(rpc_session.REPO, "schema/remote_rpc.capnp")).read()).group(1))

    def word(self, tag):
        return "push-%s-%d" % (tag, int(time.time() * 1000) % 1000000)

    def send(self, words, stamp=False):
        """alice joins and sends `words`; her `stamp` just before the first."""
        steps = ["login", "password", "alice", "get", "chat", "join"]
        for i, w in enumerate(words):
            steps += (["stamp"] if stamp and i == 0 else []) + ["send", w]
        rc, out = self.sess.probe(steps, password=self.sess.passwords["alice"])
        sent = [l for l in out if l.startswith("send sent=1 status=ok")]
        assert rc == 0 and len(sent) == len(words), out
        return out

    # --- proofs -----------------------------------------------------------

    def push_arrives_unasked(self):
        w = self.word("a")
        sub = Live(self.pr, ["login", "guest", "get", "chat", "join", "subscribe", "latest",
                             "listen", "1", "30"])
        try:
            sub.wait_for("subscribe status=ok subscription=yes")
            out = self.send([w], stamp=True)
        finally:
            lines = sub.finish()
        sent_at = int(self.sess.line(out, "stamp at_ms=").split("=")[1])
        got = [m for m in pushes(lines) if m.group(4) == w]
        assert len(got) == 1, "%r not pushed once: %r" % (w, lines)
        assert "listen pushed=1" in lines, lines
        return "pushed to the guest's receiver %d ms after alice's send (wall clock, one run)" % (
            int(got[0].group(6)) - sent_at)

    def order_is_kept(self):
        words = [self.word("o%d" % i) for i in range(5)]
        sub = Live(self.pr, ["login", "guest", "get", "chat", "join", "subscribe", "latest",
                             "listen", str(len(words)), "30"])
        try:
            sub.wait_for("subscribe status=ok subscription=yes")
            self.send(words)
        finally:
            lines = sub.finish()
        got = [m for m in pushes(lines) if m.group(4) in words]
        texts = [m.group(4) for m in got]
        seqs = [int(m.group(2)) for m in got]
        assert texts == words, "pushed %r, sent %r" % (texts, words)
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), seqs
        return "%d messages pushed in send order (seq %d..%d)" % (len(words), seqs[0], seqs[-1])

    def non_member_gets_not_joined(self):
        rc, out = self.sess.probe(["login", "guest", "get", "chat", "subscribe", "0", "join",
                                   "leave", "subscribe", "0"])
        subs = [l for l in out if l.startswith("subscribe ")]
        assert subs == ["subscribe status=notJoined subscription=none"] * 2, out
        return "before join and after leave: status notJoined, no Subscription"

    def subscriptions_are_bounded(self):
        steps = ["login", "guest", "get", "chat", "join"]
        steps += ["subscribe", "latest"] * (self.max_subs + 1) + ["release", "subscribe", "latest"]
        rc, out = self.sess.probe(steps)
        subs = [l for l in out if l.startswith("subscribe ")]
        want = ["subscribe status=ok subscription=yes"] * self.max_subs + [
            "subscribe status=boundExceeded subscription=none",
            "subscribe status=ok subscription=yes"]
        assert subs == want, "%r, want %r" % (out, want)
        return "%d live, the %dth boundExceeded, a release frees the slots" % (
            self.max_subs, self.max_subs + 1)

    def release_stops_pushes(self):
        w1, w2 = self.word("r1"), self.word("r2")
        sub = Live(self.pr, ["login", "guest", "get", "chat", "join", "subscribe", "latest",
                             "listen", "1", "30", "release", "wait", "listen", "1", "4", "who"])
        try:
            sub.wait_for("subscribe status=ok subscription=yes")
            self.send([w1])
            sub.wait_for("release 1")
            self.send([w2])
            sub.go()
        finally:
            lines = sub.finish()
        texts = [m.group(4) for m in pushes(lines)]
        assert w1 in texts, "%r never pushed: %r" % (w1, lines)
        assert w2 not in texts, "%r pushed after the release: %r" % (w2, lines)
        assert lines.count("listen pushed=0") == 1, lines
        assert self.sess.line(lines, "who status=ok"), lines
        return "%r pushed; after release, %r (sent) never was" % (w1, w2)

    def ended_once(self, leave):
        w1, w2 = self.word("e1"), self.word("e2")
        end = ["leave"] if leave else ["logout"]
        code = "notAuthenticated" if leave else "staleSession"
        sub = Live(self.pr, ["login", "guest", "get", "chat", "join", "subscribe", "latest",
                             "listen", "1", "30"] + end + ["wait", "listen", "1", "4"])
        try:
            sub.wait_for("subscribe status=ok subscription=yes")
            self.send([w1])
            sub.wait_for("leave status=ok" if leave else "logout ok")
            self.send([w2])
            sub.go()
        finally:
            lines = sub.finish()
        texts = [m.group(4) for m in pushes(lines)]
        ended = [l for l in lines if l.startswith("ended ")]
        assert w1 in texts and w2 not in texts, lines
        assert len(ended) == 1 and ended[0].startswith("ended code=%s " % code), ended
        assert lines.count("listen pushed=0") == 1, lines
        return "%s: receiver.ended(%s) once, nothing pushed after" % (end[0], code)

    def logout_ends_with_stale_session(self):
        return self.ended_once(leave=False)

    def leave_ends_with_not_authenticated(self):
        return self.ended_once(leave=True)

    def stuck_receiver_stalls_nothing(self):
        w1, w2 = self.word("s1"), self.word("s2")
        sub = Live(self.pr, ["login", "guest", "get", "chat", "join", "subscribe-stuck", "latest",
                             "listen", "1", "30", "wait", "listen", "1", "4", "who", "send",
                             self.word("s3")])
        try:
            sub.wait_for("subscribe-stuck status=ok subscription=yes")
            self.send([w1])
            sub.wait_for("pushed-stuck ")
            # The receiver never returns: alice's chat must still answer.
            t0 = time.monotonic()
            out = self.send([w2])
            other_s = time.monotonic() - t0
            seq = int(re.search(r"seq=(\d+)", self.sess.line(out, "send sent=1")).group(1))
            rc, polled = self.sess.probe(["login", "guest", "get", "chat", "join", "poll",
                                          str(seq - 1)])
            assert any(l.endswith(": " + w2) for l in polled), polled
        finally:
            sub.go()  # past its `wait` whatever happened, so it ends
            lines = sub.finish()
        got = pushes(lines)
        assert [m.group(4) for m in got] == [w1], "one push only, then none: %r" % lines
        assert lines.count("listen pushed=0") == 1, lines
        assert self.sess.line(lines, "who status=ok"), lines
        assert self.sess.line(lines, "send sent=1 status=ok"), lines
        return ("receiver stuck on %r: another session sent and polled (%.1fs), the "
                "subscriber's own who and send answered, no second push" % (w1, other_s))
