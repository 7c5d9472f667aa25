"""Terminal proofs through the host CLI (issue 12): `remote-session-client
terminal` under a pseudo-terminal (line editing, completion, history,
Ctrl-C, resize, `~.`, raw mode restored) and on pipes (killed mid-output,
then `--resume`: no byte lost or repeated; `--follow`)."""

import fcntl
import json
import os
import re
import signal
import struct
import subprocess
import termios
import threading
import time

from proofs import expect

PROMPT = rb"operator\x1b\[0m@capos> "
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def plain(b):
    """Output without SGR and cursor sequences, for matching text."""
    return ANSI.sub(b"", b).replace(b"\r", b"")


class PtyClient:
    """The CLI on a pseudo-terminal; output collected by a thread."""

    def __init__(self, argv, env, cols=80, rows=24):
        self.master, self.slave = os.openpty()
        self.resize(cols, rows, signal_it=False)
        self.before = termios.tcgetattr(self.slave)
        self.p = subprocess.Popen(argv, stdin=self.slave, stdout=self.slave, stderr=subprocess.PIPE,
                                  env=env, start_new_session=True)
        self.out = b""
        self.lock = threading.Lock()
        self.t = threading.Thread(target=self._pump, daemon=True)
        self.t.start()

    def _pump(self):
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.out += chunk

    def resize(self, cols, rows, signal_it=True):
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        if signal_it:
            self.p.send_signal(signal.SIGWINCH)

    def type(self, data, pause=0.05):
        for i in range(0, len(data), 64):
            os.write(self.master, data[i:i + 64])
            time.sleep(pause)

    def wait_for(self, pattern, timeout=30, since=0):
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                m = rx.search(self.out, since)
            if m:
                return m
            time.sleep(0.05)
        with self.lock:
            tail = plain(self.out[since:])[-400:]
        raise AssertionError("no %r on the terminal within %.0fs; saw %r" % (
            pattern, timeout, tail))

    def mark(self):
        with self.lock:
            return len(self.out)

    def finish(self, timeout=20):
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait()
        err = self.p.stderr.read().decode(errors="replace")
        self.after = termios.tcgetattr(self.slave)
        os.close(self.slave)
        os.close(self.master)
        return rc, err


class TerminalCli:
    def __init__(self, ctx, binary, logs):
        self.ctx = ctx
        self.binary = binary
        self.port = ctx.guest.port
        self.logs = logs
        self.env = dict(os.environ, CAPOS_REMOTE_SESSION_PASSWORD=ctx.passwords["operator"])
        self.state = os.path.join(logs, "terminal.state")

    def argv(self, *args):
        return [self.binary, "--port", str(self.port), "--user", "operator", "terminal",
                "--state", self.state, *args]

    def run(self, *args, stdin=b"", timeout=60):
        p = subprocess.run(self.argv(*args), input=stdin, env=self.env, capture_output=True,
                           timeout=timeout)
        return p.returncode, p.stdout, p.stderr.decode(errors="replace")

    def listed(self):
        rc, out, err = self.run("list")
        expect(rc == 0, "terminal list: rc %d %s" % (rc, err))
        return plain(out).decode(errors="replace")

    def fresh(self):
        if os.path.exists(self.state):
            os.unlink(self.state)

    # -- proofs ---------------------------------------------------------------

    def editing_completion_history(self):
        self.fresh()
        c = PtyClient(self.argv(), self.env)
        try:
            c.wait_for(PROMPT)
            m = c.mark()
            c.type(b"mo\t")  # one candidate: the word is completed
            c.wait_for(rb"motd ", since=m)
            c.type(b"\r")
            c.wait_for(rb"capOS terminals: welcome[\s\S]*" + PROMPT, since=m)
            m = c.mark()
            c.type(b"whoamx\x7fi\r")  # a typo, Backspace, the fix
            c.wait_for(rb"operator[\s\S]*class[\s\S]*" + PROMPT, since=m)
            m = c.mark()
            c.type(b"\x1b[A")  # history: Up recalls `whoami`
            c.wait_for(rb"whoami", since=m)
            c.type(b"\x1b[H\x1b[3~\x1b[F\r")  # Home, Delete (`hoami`), End, Enter
            c.wait_for(rb"unknown command", since=m)
            m = c.mark()
            c.type(b"chat send never\x03")  # Ctrl-C abandons the line
            c.wait_for(PROMPT, since=m + 1)
            c.type(b"caps\r")
            c.wait_for(rb"TerminalManager", since=m)
            expect(b"never" not in plain(c.out[m:]).split(b"caps")[-1],
                   "the abandoned line ran")
            c.type(b"\r~.")
            rc, err = c.finish()
            expect(rc == 0 and "detached from term-" in err, "detach: rc %d %s" % (rc, err))
            expect(c.after == c.before, "the tty was not restored after ~.")
            return "Tab completed motd; Backspace, Up, Home/Delete/End edited; Ctrl-C dropped " \
                   "a line; ~. detached (rc 0) and the tty is as it was"
        finally:
            if c.p.poll() is None:
                c.p.kill()

    def resize_seen_by_the_shell(self):
        c = PtyClient(self.argv("--resume"), self.env, cols=80, rows=24)
        try:
            c.type(b"\r")
            c.wait_for(PROMPT)
            c.resize(100, 30)
            end = time.monotonic() + 20
            listed = ""
            while time.monotonic() < end and "100x30" not in listed:
                time.sleep(0.5)
                listed = self.listed()
            expect("100x30" in listed, "terminal list after SIGWINCH: %s" % listed)
            c.type(b"\r~.")
            rc, err = c.finish()
            expect(rc == 0, "detach: rc %d %s" % (rc, err))
            return "SIGWINCH 100x30 reached the terminal (a second window's list: %s)" % (
                " ".join(listed.split())[:80])
        finally:
            if c.p.poll() is None:
                c.p.kill()

    def killed_mid_output_resumes_exactly(self):
        self.fresh()
        first = os.path.join(self.logs, "terminal-first.out")
        with open(first, "wb") as out:
            p = subprocess.Popen(self.argv("--idle-exit", "20000"), stdin=subprocess.PIPE,
                                 stdout=out, stderr=subprocess.PIPE, env=self.env)
            p.stdin.write(b"help\r" * 100)
            p.stdin.flush()
            end = time.monotonic() + 60
            while time.monotonic() < end and os.path.getsize(first) < 20000:
                time.sleep(0.05)
            p.send_signal(signal.SIGTERM)
            p.wait(20)
        before = open(first, "rb").read()
        expect(len(before) >= 20000, "only %d bytes before the kill" % len(before))
        rc, rest, err = self.run("--resume", "--idle-exit", "3000")
        expect(rc == 0, "--resume: rc %d %s" % (rc, err))
        rc, history, err = self.run("--follow", "--idle-exit", "3000")
        expect(rc == 0, "--follow: rc %d %s" % (rc, err))
        expect(before + rest == history,
               "killed after %d bytes, resumed %d: %d together, the terminal holds %d" % (
                   len(before), len(rest), len(before + rest), len(history)))
        prompts = len(re.findall(PROMPT, history))
        expect(prompts == 101, "%d prompts in the history, want 101" % prompts)
        return "SIGTERM after %d bytes; --resume gave the other %d; together == the " \
               "terminal's %d bytes (a follower's replay), all 100 commands answered" % (
                   len(before), len(rest), len(history))

    def follower_window_is_read_only(self):
        c = PtyClient(self.argv("--follow"), self.env)
        try:
            c.wait_for(PROMPT)
            c.type(b"exit\r")
            time.sleep(1)
            c.type(b"\r~.")
            rc, err = c.finish()
            expect(rc == 0 and "read-only" in err, "follow: rc %d %s" % (rc, err))
            listed = self.listed()
            expect("term-" in listed, "the terminal did not survive a follower's input: %s" % listed)
            return "the follower's keys were not sent (the shell still runs); ~. left it"
        finally:
            if c.p.poll() is None:
                c.p.kill()

    def close_ends_it(self):
        rc, out, err = self.run("--resume", "--close", "--idle-exit", "1000")
        expect(rc == 0, "--close: rc %d %s" % (rc, err))
        listed = self.listed()
        expect("term-" not in listed, "still listed after --close: %s" % listed)
        return "--close ended the terminal; the list is empty"
