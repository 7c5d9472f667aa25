"""QEMU guest handling for the interop runner: boots a manifest through
tools/run-qemu (same machine as `make run`), learns the forwarded session
port from its banner, keeps the serial log and lets proofs wait for lines."""

import os
import re
import signal
import subprocess
import threading
import time

PORT_LINE = re.compile(r"^remote CapSet: tcp 127\.0\.0\.1 (\d+) -> guest :2327")


class Guest:
    def __init__(self, repo, image, kernel, log_path, accel=None):
        cmd = [os.path.join(repo, "tools", "run-qemu"), "--image", image, "--kernel", kernel]
        if accel:
            cmd += ["--accel", accel]
        self.lines = []
        self.cond = threading.Condition()
        self.log = open(log_path, "w", encoding="utf-8", errors="replace")
        self.port = None
        # Own process group: stopping it never touches anything else.
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            self.log.write(line + "\n")
            self.log.flush()
            with self.cond:
                m = PORT_LINE.match(line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                self.lines.append(line)
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def mark(self):
        """Index of the next serial line (for waits that must see new output)."""
        with self.cond:
            return len(self.lines)

    def wait_for(self, pattern, timeout, since=0):
        """First match (re.Match) of `pattern` in lines[since:], or None."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        with self.cond:
            i = since
            while True:
                while i < len(self.lines):
                    m = rx.search(self.lines[i])
                    if m:
                        return m
                    i += 1
                left = end - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return None
                self.cond.wait(min(left, 0.5))

    def find_all(self, pattern, since=0):
        rx = re.compile(pattern)
        with self.cond:
            return [m for m in (rx.search(l) for l in self.lines[since:]) if m]

    def stop(self):
        """SIGTERM to run-qemu (it stops QEMU and reaps it); returns its status."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.reader.join(5)
        self.log.close()
        return self.proc.returncode
