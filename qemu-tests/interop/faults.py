"""The fault suite's proofs (run_faults.py). Each returns a short note or
raises AssertionError; each ends with the kernel's object counts back at
the baseline."""

import random
import re
import selectors
import socket
import struct
import threading
import time

import frames
from frames import Conn, chat, chat_send, login_guest, logout, session_info
from proofs import expect

# Counts that must come back exactly (freeFrames may stay lower: the kernel
# heap keeps frames on its free lists, see services/leak-probe/README.md).
COUNTS = ("processes", "objects", "kernelAllocations", "liveSessions")
SETTLE_S = 90.0  # bound for counts to return after a fault (TCG, load)
ANSWER_S = 60.0  # bound for any answer; the gateway's own bounds are 6-15 s
KILL = "fault:kill-worker"
STALL = "fault:stall"


def read_stats(port):
    """One Diagnostics.stats reading from stats-port, as a dict of ints."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    line = data.decode("ascii", "replace").strip()
    if not line.startswith("stats "):
        raise AssertionError("stats-port answered %r" % line[:80])
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


class Faults:
    def __init__(self, guest, port, stats_port, logs):
        self.g = guest
        self.port = port
        self.stats_port = stats_port
        self.logs = logs
        self.base = None
        self.killed = set()  # worker pids a proof killed on purpose

    # -- kernel object counts ---------------------------------------------------

    def warm_up(self, retained):
        """Fills the authority's cache of logged-out sessions. It keeps the
        UserSession endpoint and the cell of up to `retained` logged-out
        sessions (auditContext after logout; services/authority/service.h
        kMaxServedSessions) and drops the oldest for a new login, so each
        of the first `retained` logins leaves 2 kernel objects behind by
        design. Past that bound every login/logout is net zero, which is
        the steady state the baseline must describe."""
        c = Conn(self.port, ANSWER_S)
        rid = 1
        try:
            for _ in range(0, retained, 10):
                texts = []
                for _ in range(10):
                    texts += [login_guest(rid), logout(rid + 1)]
                    rid += 2
                c.send(*texts)
                for r in range(rid - 20, rid):
                    a = c.answer_for(r, ANSWER_S)
                    expect(a is not None and a.ok(), "warm-up login/logout #%d: %r" % (r, a))
        finally:
            c.close()
        return rid // 2

    def take_baseline(self):
        """The idle system's counts: init and the stand-by chat-worker have
        exited, the authority's logged-out-session cache is full; three
        equal readings in a row."""
        last, same = None, 0
        end = time.monotonic() + SETTLE_S
        while time.monotonic() < end:
            s = read_stats(self.stats_port)
            key = tuple(s[k] for k in COUNTS)
            same = same + 1 if key == last else 1
            last = key
            if same == 3:
                self.base = s
                return "baseline " + " ".join("%s=%d" % (k, s[k]) for k in COUNTS)
            time.sleep(0.5)
        raise AssertionError("kernel counts never settled: last %s" % (last,))

    def back_to_baseline(self):
        """Polls until the counts equal the baseline; a note, or raises with
        the difference (a leak)."""
        t0 = time.monotonic()
        s = None
        while time.monotonic() - t0 < SETTLE_S:
            s = read_stats(self.stats_port)
            if all(s[k] == self.base[k] for k in COUNTS):
                break
            time.sleep(0.5)
        else:
            diff = ", ".join("%s %d (baseline %d)" % (k, s[k], self.base[k]) for k in COUNTS
                             if s[k] != self.base[k])
            raise AssertionError("kernel counts not back at the baseline after %.0fs: %s"
                                 % (SETTLE_S, diff))
        took = time.monotonic() - t0
        self.gateway_idle()
        return "kernel counts at baseline after %.1fs (freeFrames %+d)" % (
            took, s["freeFrames"] - self.base["freeFrames"])

    def gateway_idle(self):
        """The gateway's own books: its last heap line says no session and
        no connection is left."""
        rx = re.compile(r"\[gateway\] gateway: sessions=(\d+) conns=(\d+)")
        end = time.monotonic() + SETTLE_S
        while True:
            last = self.g.find_all(rx.pattern)
            if last and last[-1].group(1) == "0" and last[-1].group(2) == "0":
                return
            if time.monotonic() > end:
                raise AssertionError("gateway still reports %s" % (
                    last[-1].group(0) if last else "no sessions= line"))
            time.sleep(0.5)

    # -- helpers ----------------------------------------------------------------

    def guest_session(self, join=True):
        """A logged-in guest connection (with its chat worker if join)."""
        c = Conn(self.port, ANSWER_S)
        a = c.call(login_guest(1), 1, ANSWER_S)
        expect(a is not None and a.ok("loggedIn"), "guest login: %r" % a)
        if join:
            a = c.call(chat(2, "chatJoin = void"), 2, ANSWER_S)
            expect(a is not None and a.call == "chatJoined", "chat join: %r" % a)
        return c

    def served(self, c, rid):
        a = c.call(session_info(rid), rid, ANSWER_S)
        expect(a is not None and a.ok("sessionInfo"), "sessionInfo: %r" % a)

    def logout_close(self, c, rid):
        a = c.call(logout(rid), rid, ANSWER_S)
        expect(a is not None and a.ok("loggedOut"), "logout: %r" % a)
        c.close()

    def worker_pid(self, mark):
        m = self.g.wait_for(r"\[fault-tap\] fault-tap: launched pid (\d+)", 30, mark)
        expect(m, "no worker launch through fault-tap on serial")
        return m.group(1)

    def worker_gone(self, pid, mark):
        m = self.g.wait_for(r"\[kernel\] process chat-worker \(pid %s\) (exited|killed)" % pid,
                            ANSWER_S, mark)
        expect(m, "chat-worker pid %s never ended" % pid)
        return m.group(1)

    # -- the proofs -------------------------------------------------------------

    def worker_killed_mid_call(self):
        """fault-tap kills the session's worker while its relay is in
        flight: the client gets a typed unavailable (no hang, no close),
        the session and the gateway keep serving, and the session's next
        chat call runs on a new worker."""
        mark = self.g.mark()
        c = self.guest_session()
        pid = self.worker_pid(mark)
        t0 = time.monotonic()
        c.send(chat_send(3, KILL))
        a = c.answer_for(3, ANSWER_S)
        took = time.monotonic() - t0
        expect(a is not None, "the gateway closed the connection instead of answering")
        expect(self.g.wait_for(r"fault-tap: killing chat-worker pid %s\b" % pid, 10, mark),
               "fault-tap did not kill worker pid %s (answer %r)" % (pid, a))
        expect(a.denied("unavailable"), "answer to the killed call: %r" % a)
        expect(self.worker_gone(pid, mark) == "killed", "worker %s not killed" % pid)
        self.killed.add(pid)
        self.served(c, 4)  # the session keeps serving
        mark = self.g.mark()
        after = c.call(chat(5, "chatWho = void"), 5, ANSWER_S)
        expect(after is not None and after.ok("callResult"),
               "a chat call after the kill is not served by a new worker: %r" % after)
        expect(self.g.wait_for(r"chat-worker pid %s gone; starting another" % pid, 10, mark),
               "the gateway did not say it replaced worker %s" % pid)
        self.worker_pid(mark)  # the new one, through the launcher
        d = self.guest_session()  # another session chats through its own worker
        a = d.call(chat(3, "chatWho = void"), 3, ANSWER_S)
        expect(a is not None and a.call == "chatMembers", "other session's chat: %r" % a)
        self.logout_close(d, 4)
        self.logout_close(c, 6)
        return "unavailable after %.1fs; the next chat call ran on a new worker (%r); %s" % (
            took, after, self.back_to_baseline())

    def disconnect_mid_frame(self):
        """Half a frame, then close: once before login, once from a session
        with a running worker. Another session is served throughout."""
        held = self.guest_session(join=False)
        self.served(held, 2)
        half = frames.frame(login_guest(1))
        a = Conn(self.port, ANSWER_S)
        a.send_raw(half[:len(half) // 2])
        a.close()
        mark = self.g.mark()
        b = self.guest_session()
        pid = self.worker_pid(mark)
        f = frames.frame(chat_send(3, "never finished"))
        b.send_raw(f[:len(f) // 2])
        b.close()
        how = self.worker_gone(pid, mark)
        self.served(held, 3)
        n = self.guest_session()
        self.served(n, 3)
        self.logout_close(n, 4)
        self.logout_close(held, 4)
        return "pre-auth and logged-in half frames dropped; worker %s %s; %s" % (
            pid, how, self.back_to_baseline())

    def logout_during_call(self):
        """A logout pipelined behind a chat call, and a logout while
        fault-tap holds a call: logout answers loggedOut, the call answers
        typed (its result or staleSession), later calls are staleSession."""
        outcomes = []
        # 1. The logout right behind the call, in one write: the relay is in
        # flight when the gateway reads the logout.
        c = self.guest_session()
        c.send(chat(3, "chatWho = void"), logout(4))
        lo = c.answer_for(4, ANSWER_S)
        call = c.answer_for(3, ANSWER_S)
        expect(lo is not None and lo.ok("loggedOut"), "pipelined logout: %r" % lo)
        expect(call is not None and (call.call == "chatMembers" or call.denied("staleSession")),
               "the call behind the logout: %r" % call)
        outcomes.append(repr(call).split(" ", 1)[1])
        a = c.call(session_info(5), 5, ANSWER_S)
        expect(a is not None and a.denied("staleSession"), "after logout: %r" % a)
        c.close()
        # 2. The worker is provably inside its chat call (fault-tap holds it
        # for 3 s) when the logout arrives.
        mark = self.g.mark()
        c = self.guest_session()
        pid = self.worker_pid(mark)
        c.send(chat_send(3, STALL))
        expect(self.g.wait_for(r"fault-tap: stalling a chat call", ANSWER_S, mark),
               "fault-tap never held the call")
        c.send(logout(4))
        lo = c.answer_for(4, ANSWER_S)
        call = c.answer_for(3, ANSWER_S)
        expect(lo is not None and lo.ok("loggedOut"), "logout during the held call: %r" % lo)
        expect(call is not None and (call.call == "chatSent" or call.denied("staleSession")),
               "the held call: %r" % call)
        outcomes.append(repr(call).split(" ", 1)[1])
        a = c.call(chat(5, "chatWho = void"), 5, ANSWER_S)
        expect(a is not None and a.denied("staleSession"), "chat after logout: %r" % a)
        c.close()
        how = self.worker_gone(pid, mark)
        if how == "killed":  # the gateway's forced stop: the worker was stalled
            self.killed.add(pid)
        return "pipelined call -> %s; held call -> %s (worker %s); %s" % (
            outcomes[0], outcomes[1], how, self.back_to_baseline())

    def slowloris(self):
        """100 clients hold pre-auth connections idle for up to 8 s and then
        trickle one byte of a frame every 0.3 s (reconnecting when cut), so
        every connection slot is taken, while 10 healthy clients log in,
        call and log out 5 times each. A healthy client may start over only
        after a typed boundExceeded before its login (eviction of the oldest
        pre-auth connection, services/gateway/README.md); nothing else may
        fail."""
        mark = self.g.mark()
        loris = Slowloris(self.port, 100)
        loris.start()
        try:
            # Under way: every connection slot taken, and the gateway has
            # cut some slowloris connections (frame deadline or eviction).
            full = self.g.wait_for(r"connect event=\d+ \(64 open\)", ANSWER_S, mark)
            end = time.monotonic() + ANSWER_S
            while loris.cut < 20 and time.monotonic() < end:
                time.sleep(0.2)
            expect(full and loris.cut >= 20, "slowloris not under way: slots %s, %d connects, "
                   "%d cut" % ("full" if full else "never full", loris.connects, loris.cut))
            healthy = [Healthy(self, i, 5) for i in range(10)]
            for h in healthy:
                h.start()
            for h in healthy:
                h.join(300)
            stuck = [h.i for h in healthy if h.is_alive()]
            expect(not stuck, "healthy clients %s still running after 300s" % stuck)
            errors = [e for h in healthy for e in h.errors]
            expect(not errors, "healthy clients failed: %s" % "; ".join(errors[:3]))
            expect(loris.alive_errors == [], "slowloris thread: %s" % loris.alive_errors)
        finally:
            loris.stop()
        retries = sum(h.retries for h in healthy)
        evictions = len(self.g.find_all(r"evict event=\d+", mark))
        most = max([int(m.group(1)) for m in self.g.find_all(r"connect event=\d+ \((\d+) open\)",
                                                             mark)] or [0])
        c = self.guest_session()
        self.served(c, 3)
        self.logout_close(c, 4)
        return ("10 x 5 healthy sessions ok (%d retries after typed boundExceeded); slowloris: "
                "%d connects, %d cut; gateway at most %d open, %d evictions; %s" % (
                    retries, loris.connects, loris.cut, most, evictions,
                    self.back_to_baseline()))


class Healthy(threading.Thread):
    """One healthy client: `rounds` x (connect, guest login, sessionInfo,
    chat join + who through its worker, logout)."""

    def __init__(self, faults, i, rounds):
        super().__init__(daemon=True)
        self.f = faults
        self.i = i
        self.rounds = rounds
        self.retries = 0
        self.errors = []

    def run(self):
        done = 0
        while done < self.rounds and not self.errors and self.retries < 50:
            c = None
            try:
                c = Conn(self.f.port, ANSWER_S)
                a = c.call(login_guest(1), 1, ANSWER_S)
                if a is not None and a.denied("boundExceeded"):
                    self.retries += 1  # evicted before login: typed, documented
                    continue
                for rid, text, want in ((1, None, "loggedIn"),
                                        (2, session_info(2), "sessionInfo"),
                                        (3, chat(3, "chatJoin = void"), "chatJoined"),
                                        (4, chat(4, "chatWho = void"), "chatMembers"),
                                        (5, logout(5), "loggedOut")):
                    if text is not None:
                        a = c.call(text, rid, ANSWER_S)
                    if a is None or not (a.ok(want) or a.call == want):
                        self.errors.append("client %d round %d: want %s, got %r" % (
                            self.i, done + 1, want, a))
                        break
                else:
                    done += 1
            except (OSError, socket.timeout) as e:
                self.errors.append("client %d round %d: %s" % (self.i, done + 1, e))
            finally:
                if c:
                    c.close()
        if done < self.rounds and not self.errors:
            self.errors.append("client %d: %d retries, %d rounds done" % (
                self.i, self.retries, done))


class Slowloris(threading.Thread):
    """n connections, each idle for a while (0..`idle` s, so they hold
    pre-auth slots), then trickling one byte of a frame (a header that
    announces 64 bytes, then the bytes) every `gap` seconds; a connection
    the gateway cuts is reopened after a short pause. Connects are
    non-blocking: QEMU's forwarding completes a host connect only once the
    guest's TCP takes it, and those past the gateway's slots and backlog
    wait."""

    def __init__(self, port, n, gap=0.3, idle=8.0):
        super().__init__(daemon=True)
        self.port = port
        self.n = n
        self.gap = gap
        self.idle = idle
        self.rng = random.Random(8)  # the same attack every run
        self.data = struct.pack("<I", 64) + b"\0" * 64
        self.halt = threading.Event()
        self.connects = self.cut = self.max_open = 0
        self.alive_errors = []

    def stop(self):
        self.halt.set()
        self.join(30)

    def run(self):
        sel = selectors.DefaultSelector()
        conns = {}  # sock -> [lane, connected, bytes sent, next send time]
        reopen = [0.0] * self.n  # per lane: when to (re)connect; None while open
        try:
            while not self.halt.is_set():
                now = time.monotonic()
                for lane in range(self.n):
                    if reopen[lane] is None or reopen[lane] > now:
                        continue
                    s = socket.socket()
                    s.setblocking(False)
                    s.connect_ex(("127.0.0.1", self.port))
                    conns[s] = [lane, False, 0, now]
                    reopen[lane] = None
                    sel.register(s, selectors.EVENT_WRITE)
                for s, st in list(conns.items()):
                    if st[1] and st[3] <= now and st[2] < len(self.data):
                        try:
                            s.send(self.data[st[2]:st[2] + 1])
                            st[2] += 1
                            st[3] = now + self.gap
                        except OSError:
                            self._drop(sel, conns, reopen, s)
                for key, ev in sel.select(0.05):
                    s = key.fileobj
                    st = conns.get(s)
                    if st is None:
                        continue
                    if not st[1]:
                        if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                            self._drop(sel, conns, reopen, s, counted=False)
                            continue
                        st[1] = True
                        st[3] = now + self.rng.uniform(0, self.idle)
                        self.connects += 1
                        sel.modify(s, selectors.EVENT_READ)
                        continue
                    try:
                        chunk = s.recv(4096)
                    except BlockingIOError:
                        continue
                    except OSError:
                        chunk = b""
                    if not chunk:
                        self._drop(sel, conns, reopen, s)
                self.max_open = max(self.max_open, sum(1 for st in conns.values() if st[1]))
        except Exception as e:  # the proof checks this list
            self.alive_errors.append("%s: %s" % (type(e).__name__, e))
        finally:
            for s in list(conns):
                sel.unregister(s)
                s.close()

    def _drop(self, sel, conns, reopen, s, counted=True):
        self.cut += 1 if counted else 0
        sel.unregister(s)
        s.close()
        reopen[conns.pop(s)[0]] = time.monotonic() + 0.2
