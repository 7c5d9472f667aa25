"""The one serial-log rule of every QEMU-backed test.

A guest serial line fails the test that booted the guest when it shows
  - a kernel PANIC (unless the test expects the boot to panic),
  - a FAIL line, from a probe ("[demo-probe] FAIL x: ...") or anyone else,
  - a process the kernel killed, unless the test declared that process as
    one it expects to be killed (a regex over process names),
  - a triple fault or a KVM internal error (never expected).
Tests used to carry their own partial copies of this list (some missed
kills, the interop run never looked at serial at all), so a guest could
crash behind a green test. Used by run_scenario.py, interop/run_interop.py,
echo_test.py, garbage_frames_test.py, run_ports_test.py and the benches.
"""

import re

PANIC = re.compile(r"\[kernel\] PANIC\b")
# A check line that failed: at the start (after an optional "[service] "
# prefix), or " FAIL " inside a line (a probe printing mid-line).
FAIL = re.compile(r"^(\[[^\]]+\] )?FAIL\b| FAIL ")
# kernel/arch/trap.cc (a fault) and kernel/proc/process.cc (ProcessHandle.kill).
KILLED = re.compile(r"^\[kernel\] process (.+?) \(pid \d+\) killed\b")
# A KVM internal error pauses the VM instead of exiting, so only the log
# shows it.
FATAL = ("triple fault", "KVM internal error")


class Scanner:
    """Feed it serial lines; `failure` is the first problem (None if clean).

    allow_panic: the test expects a kernel panic (e.g. a corrupt boot package).
    allow_killed: regex (str or compiled) matched against the whole name of a
    process the test expects the kernel to kill; None allows no kill.
    """

    def __init__(self, allow_panic=False, allow_killed=None):
        self.allow_panic = allow_panic
        if isinstance(allow_killed, str):
            allow_killed = re.compile(allow_killed)
        self.allow_killed = allow_killed
        self.failure = None
        self.problems = []

    def check(self, line):
        """The problem `line` shows, as text, or None."""
        text = line.strip()[:160]
        for marker in FATAL:
            if marker in line:
                return "%s on serial: %s" % (marker, text)
        if PANIC.search(line) and not self.allow_panic:
            return "kernel PANIC on serial: %s" % text
        if FAIL.search(line):
            return "FAIL line on serial: %s" % text
        m = KILLED.search(line)
        if m and not (self.allow_killed and self.allow_killed.fullmatch(m.group(1))):
            return "unexpected kill on serial: %s" % text
        return None

    def feed(self, line):
        problem = self.check(line)
        if problem:
            self.problems.append(problem)
            if self.failure is None:
                self.failure = problem
        return problem

    def scan(self, lines):
        """Feeds every line; returns the first problem seen so far or None."""
        for line in lines:
            self.feed(line)
        return self.failure


def first_problem(lines, allow_panic=False, allow_killed=None):
    """The first problem in `lines` (an iterable of serial lines), or None."""
    return Scanner(allow_panic, allow_killed).scan(lines)
