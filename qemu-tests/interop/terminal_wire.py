"""Terminal proofs over the wire (issue 12): shells bound to the session,
their commands as the session's own requests, owner and follower, exact
resume after a dropped connection, flow control under a flood, the slow
follower's skip, and the ends (logout, the grace). Frames are encoded and
decoded by Debian's `capnp` (terms.py); kernel counts come from
stats-port (faults.py)."""

import re
import time

from proofs import expect
from terms import PROMPT, Term, status_of, ticket_of

MARKER = re.compile(rb"\x18\x1b\[0;2m\r\n\[\.\.\. (\d+) bytes skipped \.\.\.\]\x1b\[0m\r\n")
RING_BYTES = 262144
# 800 `help` lines in one 4 KiB write: far more output than the ring holds.
FLOOD_LINES = 800


class TerminalWire:
    def __init__(self, ctx, faults):
        self.ctx = ctx
        self.g = ctx.guest
        self.port = ctx.guest.port
        self.faults = faults
        self.pw = ctx.passwords

    def operator(self):
        t = Term(self.port)
        view = t.login("operator", self.pw["operator"])
        return t, view

    def open_with_prompt(self, t):
        tid, att = t.open()
        got, seq = t.read_until(tid, att, 0, PROMPT)
        return tid, att, got, seq

    def run(self, t, tid, att, seq, line, expect_re):
        t.write(tid, att, line.encode() + b"\r")
        return t.read_until(tid, att, seq, expect_re)

    # -- proofs ---------------------------------------------------------------

    def open_runs_a_bound_shell(self):
        mark = self.g.mark()
        t, _ = self.operator()
        try:
            tid, att, got, seq = self.open_with_prompt(t)
            launched = self.g.wait_for(r"launched pid (\d+): profile 'shell' .*\(session-bound\)",
                                       10, mark)
            expect(launched, "no session-bound shell launch on serial")
            listed = t.term("terminalList = void")
            expect(len(listed.get("terminals", [])) == 1, "terminalList: %s" % listed)
            view = listed["terminals"][0]
            expect(view["name"] == "term-%d" % tid and view["state"] == "running"
                   and view["ownerAttached"], "listed: %s" % view)
            return "term-%d, shell pid %s bound to the session; prompt after %d bytes" % (
                tid, launched.group(1), seq)
        finally:
            t.logout()
            t.close()

    def commands_are_the_sessions_requests(self):
        t, _ = self.operator()
        try:
            tid, att, _, seq = self.open_with_prompt(t)
            out, seq = self.run(t, tid, att, seq, "motd", r"capOS terminals: welcome[\s\S]*" + PROMPT)
            out, seq = self.run(t, tid, att, seq, "whoami", r"principal\S*\s+operator[\s\S]*" + PROMPT)
            out, seq = self.run(t, tid, att, seq, "caps", r"TerminalManager[\s\S]*" + PROMPT)
            out, seq = self.run(t, tid, att, seq, "services", r"paperclips[\s\S]*" + PROMPT)
            out, seq = self.run(t, tid, att, seq, "adventure look",
                                r"denied: unknownCap[\s\S]*" + PROMPT)
            tr = t.call(lambda rid: "(requestId = %d, exportTranscript = void)" % rid)
            details = [e.get("detail", "") for e in tr.get("transcript", [])]
            expect(any("method=systemMotd" in d for d in details),
                   "the shell's motd is not in the session's transcript: %s" % details)
            expect(not any("terminalWrite" in d or "terminalRead" in d for d in details),
                   "terminal traffic in the transcript: %s" % details)
            return "motd, whoami, caps, services and a typed denial; %d transcript events, " \
                   "the shell's calls among them, no keystrokes" % len(details)
        finally:
            t.logout()
            t.close()

    def every_command(self):
        """Each of the shell's commands, as the user sees it."""
        mark = self.g.mark()
        t, _ = self.operator()
        try:
            tid, att, _, seq = self.open_with_prompt(t)
            done = []
            for line, want in (
                    ("help", r"paperclips VERB"),
                    ("launch paperclips", r"paperclips running"),
                    ("paperclips make", r"made clip #1"),
                    ("launch adventure", r"adventure running"),
                    ("adventure look", r"== Courtyard =="),
                    ("adventure go north", r"== Great Hall =="),
                    ("stop adventure", r"adventure notRunning"),
                    ("chat join", r"joined as operator"),
                    ("chat send hello from a shell", r"sent \(seq"),
                    ("chat who", r"members: operator"),
                    ("chat leave", r"left the room"),
                    ("transcript", r"method=chatLeave"),
                    ("clear", r"\x1b\[H\x1b\[2J|\x1b\[2J")):
                _, seq = self.run(t, tid, att, seq, line, want + r"[\s\S]*" + PROMPT)
                done.append(line.split()[0] if line.split()[0] not in done else "")
            # The full-screen view: the alternate screen, a key, then q back.
            t.write(tid, att, b"paperclips play\r")
            _, seq = t.read_until(tid, att, seq, r"\x1b\[\?1049h[\s\S]*q quit")
            t.write(tid, att, b"m")
            _, seq = t.read_until(tid, att, seq, r"1 clips made|clips 2")
            t.write(tid, att, b"q")
            _, seq = t.read_until(tid, att, seq, r"\x1b\[\?1049l[\s\S]*" + PROMPT)
            t.write(tid, att, b"stop paperclips\r")
            _, seq = t.read_until(tid, att, seq, r"paperclips notRunning[\s\S]*" + PROMPT)
            # exit ends the shell, then the terminal (its output read).
            t.write(tid, att, b"exit\r")
            end = time.monotonic() + 30
            r = {}
            while time.monotonic() < end:
                r = t.read(tid, att, seq, wait_ms=2000)
                if r.get("status") != "ok":
                    break
                seq = r["nextSeq"]
            expect(r.get("status") == "ended", "after exit: %s" % r)
            expect(self.g.wait_for(r"process shell \(pid \d+\) exited with status 0", 10, mark),
                   "the shell did not exit 0")
            return "help, launch/stop, both games (play's view and q), chat join/send/who/" \
                   "leave, transcript, clear; exit ends the shell (status 0) and the terminal"
        finally:
            t.logout()
            t.close()

    def read_only_entry_follows_never_owns(self):
        t = Term(self.port)
        try:
            t.login("alice", self.pw["alice"])
            opened = t.term("terminalOpen = (cols = 80, rows = 24)")
            owner = t.attach(1, "owner")
            write = t.term("terminalWrite = (ref = (terminalId = 1, attachment = 1), bytes = 0x\"0d\")")
            for what, r in (("open", opened), ("owner attach", owner), ("write", write)):
                expect(status_of(r) == "denied methodDenied", "%s: %s" % (what, r))
            follow = t.attach(1, "follower")
            expect(status_of(follow) == "unknownTerminal", "follower attach: %s" % follow)
            return "alice (read-only entry): open, owner attach and write methodDenied; " \
                   "a follower attach reaches the terminal host (unknownTerminal)"
        finally:
            t.logout()
            t.close()

    def second_window_follows_read_only(self):
        a, view = self.operator()
        b = Term(self.port)
        try:
            tid, att, _, seq = self.open_with_prompt(a)
            joined = b.resume(ticket_of(view))
            expect("loggedIn" in joined, "sessionResume while connected: %s" % joined)
            f = b.attach(tid, "follower")
            expect(f.get("status") == "ok" and f.get("mode") == "follower", "follow: %s" % f)
            fatt = int(f["ref"]["attachment"])
            w = b.write(tid, fatt, b"whoami\r")
            expect(w.get("status") == "followerInput", "follower write: %s" % w)
            rz = b.term("terminalResize = (ref = (terminalId = %d, attachment = %d), cols = 90, "
                        "rows = 30)" % (tid, fatt))
            expect(rz.get("status") == "notOwner", "follower resize: %s" % rz)
            owner2 = b.attach(tid, "owner")
            expect(owner2.get("status") == "ownerAttached", "second owner: %s" % owner2)
            a.write(tid, att, b"motd\r")
            seen, _ = b.read_until(tid, fatt, 0, r"capOS terminals: welcome")
            return "a second connection joined by ticket follows: sees the owner's motd; its " \
                   "write followerInput, resize notOwner, owner attach ownerAttached"
        finally:
            a.logout()
            a.close()
            b.close()

    def resume_exact_after_drop(self):
        mark = self.g.mark()
        a, view = self.operator()
        ticket = ticket_of(view)
        tid, att, first, seq = self.open_with_prompt(a)
        a.write(tid, att, b"help\r")
        r = a.read(tid, att, seq, wait_ms=3000, max_bytes=64)
        expect(r.get("status") == "ok" and r["data"], "partial read: %s" % r)
        mine = first + r["data"]
        seq = r["nextSeq"]
        a.close()  # dropped mid-output: no detach, no logout
        expect(self.g.wait_for(r"session event=\d+ parked", 15, mark), "the session was not parked")
        c = Term(self.port)
        try:
            back = c.resume(ticket)
            expect("loggedIn" in back, "sessionResume after the drop: %s" % back)
            o = c.attach(tid, "owner", resume_seq=seq, replace=True)
            expect(o.get("status") == "ok", "owner reattach: %s" % o)
            catt = int(o["ref"]["attachment"])
            rest, end = c.drain(tid, catt, seq)
            f = c.attach(tid, "follower")
            history, hend = c.drain(tid, int(f["ref"]["attachment"]), 0)
            expect(hend == end, "follower history ends at %d, the owner at %d" % (hend, end))
            expect(mine + rest == history,
                   "owner's bytes across the drop (%d + %d) differ from the terminal's %d" % (
                       len(mine), len(rest), len(history)))
            return "dropped at seq %d; resumed by ticket, %d more bytes; before + after == the " \
                   "terminal's %d bytes exactly" % (seq, len(rest), len(history))
        finally:
            c.logout()
            c.close()

    def flood(self, t, tid, att):
        t.write(tid, att, b"help\r" * FLOOD_LINES)

    def owner_lag_pauses_never_drops(self):
        t, _ = self.operator()
        try:
            tid, att, got, seq = self.open_with_prompt(t)
            f = t.attach(tid, "follower")
            fatt = int(f["ref"]["attachment"])
            # Acknowledge the prompt (a read from seq acks what came before).
            t.read(tid, att, seq)
            self.flood(t, tid, att)
            # The owner reads nothing: the shell must stop at a full ring.
            end = time.monotonic() + 60
            info = None
            while time.monotonic() < end:
                info = t.term("terminalInfo = (terminalId = %d, attachment = %d)" % (tid, att))
                if info.get("info", {}).get("paused"):
                    break
                time.sleep(0.5)
            expect(info and info["info"]["paused"], "the shell never paused: %s" % info)
            held = int(info["info"]["nextSeq"]) - seq
            expect(held <= RING_BYTES, "more than the ring held for the owner: %d" % held)
            # The follower that never read is skipped, with the marker.
            fr = t.read(tid, fatt, 0, max_bytes=4096)
            m = MARKER.match(fr["data"])
            expect(fr["skipped"] > 0 and m and int(m.group(1)) == fr["skipped"],
                   "follower read: skipped %d, starts %r" % (fr["skipped"], fr["data"][:80]))
            # Now the owner reads it all: every line answered, nothing lost.
            more, seq3 = t.drain(tid, att, seq, quiet_ms=3000)
            total = got + more
            prompts = len(re.findall(rb"operator\x1b\[0m@capos> ", total))
            expect(prompts == FLOOD_LINES + 1, "owner saw %d prompts, want %d" % (
                prompts, FLOOD_LINES + 1))
            return "paused at %d bytes unread (ring %d); follower skipped %d with the marker; " \
                   "the owner then read %d bytes, all %d prompts" % (
                       held, RING_BYTES, fr["skipped"], seq3, prompts)
        finally:
            t.logout()
            t.close()

    def logout_ends_shells(self):
        mark = self.g.mark()
        t, _ = self.operator()
        tid, att, _, seq = self.open_with_prompt(t)
        t2 = t.open()
        t.logout()
        killed = 0
        end = time.monotonic() + 15
        while time.monotonic() < end and killed < 2:
            killed = len(self.g.find_all(r"process shell \(pid \d+\) killed by its handle", mark))
            time.sleep(0.3)
        expect(killed == 2, "%d of 2 shells ended at logout" % killed)
        stale = t.read(tid, att, seq)
        expect(status_of(stale) == "denied staleSession", "read after logout: %s" % stale)
        t.close()
        return "both shells gone at logout; a stale read is staleSession; %s" % (
            self.faults.back_to_baseline())

    def parked_session_ends_after_grace(self):
        mark = self.g.mark()
        t, view = self.operator()
        ticket = ticket_of(view)
        self.open_with_prompt(t)
        t.close()
        ended = self.g.wait_for(r"session event=\d+ ended: nobody resumed", 60, mark)
        expect(ended, "the parked session never ended")
        late = Term(self.port)
        try:
            r = late.resume(ticket)
            expect(status_of(r) == "denied authDenied", "resume after the grace: %s" % r)
        finally:
            late.close()
        return "parked, ended after the grace; its ticket is then authDenied; %s" % (
            self.faults.back_to_baseline())
