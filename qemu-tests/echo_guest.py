"""Boots a manifest through tools/run-qemu (as `make run` does) and watches it.

Shared by run_ports_test.py, echo_test.py and echo_bench.py. The launcher
runs with stdin=/dev/null and its own forwarded ports; its stdout (the
forward lines, then serial) is collected by a reader thread and copied to a
log file.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time

import serial_scan

HERE = os.path.dirname(os.path.realpath(__file__))
RUN_QEMU = os.path.join(os.path.dirname(HERE), "tools", "run-qemu")
FORWARD_RE = re.compile(r"^(remote CapSet|remote self-served UI|remote capnp-rpc|"
                        r"remote CapSet mTLS): "
                        r"tcp 127\.0\.0\.1 (\d+) -> guest :(2327|8080|2328|2329)"
                        r"( \(TLS, certificate sha256 [0-9A-F:]{95}\))?$")
PORT_ENV = ("CAPOS_REMOTE_SESSION_PORT", "CAPOS_REMOTE_UI_PORT", "CAPOS_REMOTE_RPC_PORT",
            "CAPOS_REMOTE_MTLS_PORT")
FORWARD_COUNT = len(PORT_ENV)


def clean_env(**extra):
    """The caller's env without explicit port choices, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in PORT_ENV}
    env.update(extra)
    return env


class Guest:
    """A running tools/run-qemu. lines: stdout lines so far (no newline)."""

    def __init__(self, args, log_path=None, env=None):
        self.log = open(log_path, "w") if log_path else None
        self.proc = subprocess.Popen([sys.executable, RUN_QEMU] + list(args),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env or clean_env())
        self.lines, self.err = [], []
        self.cond = threading.Condition()
        self.threads = [threading.Thread(target=self._read, args=(self.proc.stdout, self.lines),
                                         daemon=True),
                        threading.Thread(target=self._read, args=(self.proc.stderr, self.err),
                                         daemon=True)]
        for t in self.threads:
            t.start()

    def _read(self, stream, into):
        for raw in stream:
            line = raw.decode(errors="replace").rstrip("\r\n")
            with self.cond:
                into.append(line)
                if self.log:
                    self.log.write(line + "\n")
                    self.log.flush()
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_for(self, pred, timeout):
        """Waits until pred(lines) is truthy; returns its value, or None on
        timeout or when the launcher exits first."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                v = pred(self.lines)
                if v or self.proc.poll() is not None and not self.threads[0].is_alive():
                    return v or None
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 0.2))

    def forwards(self, timeout=60):
        """{guest port: host port} once every forward line is out, else
        None. They must be the first stdout lines."""
        def first_lines(lines):
            return len(lines) >= FORWARD_COUNT and lines[:FORWARD_COUNT]
        first = self.wait_for(first_lines, timeout)
        if not first:
            return None
        out = {}
        for line in first:
            m = FORWARD_RE.match(line)
            if not m:
                return None
            out[int(m.group(3))] = int(m.group(2))
        return out if len(out) == FORWARD_COUNT else None

    def saw(self, text, timeout):
        return self.wait_for(lambda ls: any(text in l for l in ls), timeout) is not None

    def serial_problem(self, allow_killed=None):
        """The first PANIC, FAIL line or kill (other than `allow_killed`, a
        regex over process names) on serial so far, or None: the rule of
        serial_scan.py that every QEMU-backed test applies."""
        with self.cond:
            lines = list(self.lines)
        return serial_scan.first_problem(lines, allow_killed=allow_killed)

    def report(self, rows, ok, label, allow_killed=None):
        """Prints a bench's `| name | value` rows, after a row saying the run
        cannot be trusted when this guest's serial log shows a problem
        (figures from a guest that failed are not figures). Returns the
        bench's exit status: 0 only if everything was measured."""
        problem = self.serial_problem(allow_killed=allow_killed)
        if problem:
            rows.append(("%s guest serial" % label, "cannot trust the run: %s" % problem))
            ok = False
        width = max(len(r[0]) for r in rows)
        for name, value in rows:
            print("| %-*s | %s" % (width, name, value))
        return 0 if ok else 1

    def qemu_pids(self):
        """Child pids of the launcher (QEMU), read from /proc."""
        pids = []
        try:
            for tid in os.listdir("/proc/%d/task" % self.proc.pid):
                with open("/proc/%d/task/%s/children" % (self.proc.pid, tid)) as f:
                    pids += [int(p) for p in f.read().split()]
        except OSError:
            pass
        return pids

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Signals the launcher; returns its exit status (None if it hung,
        in which case it is killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        for t in self.threads:
            t.join(5)
        if self.log:
            self.log.close()
            self.log = None
        return rc


def pid_alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def listening(port):
    """True if something listens on 127.0.0.1:port or *:port."""
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            cols = line.split()
            addr, _, hexport = cols[1].partition(":")
            if cols[3] == "0A" and int(hexport, 16) == port and addr in ("0100007F", "00000000"):
                return True
    return False


def log_dir():
    d = os.environ.get("BUILD") or "build"
    if not os.path.isabs(d):
        d = os.path.join(os.path.dirname(HERE), d)
    path = os.path.join(d, "test-logs")
    os.makedirs(path, exist_ok=True)
    return path
