#!/usr/bin/env python3
"""Boot one or more QEMU scenarios and check their serial markers.

Usage: qemu-tests/run_scenario.py [--build DIR] [--kernel PATH]
           [--accel kvm|tcg] SCENARIO...
SCENARIO is a path or a name in qemu-tests/scenarios/ (without .scenario).
Prints exactly one line per scenario, `PASS <name> (<s>s)` or
`FAIL <name>: <reason>`; the serial log goes to BUILD/test-logs/<name>.log.
Exit status: 0 if all passed, 1 if any failed, 2 on usage errors.
The format is documented in qemu-tests/README.md.
"""

import argparse
import importlib.machinery
import importlib.util
import os
import re
import select
import shlex
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import bootpkg  # noqa: E402
import serial_scan  # noqa: E402


def load_launcher():
    """tools/run-qemu has no .py suffix; load it as a module."""
    path = os.path.join(os.path.dirname(HERE), "tools", "run-qemu")
    loader = importlib.machinery.SourceFileLoader("run_qemu", path)
    spec = importlib.util.spec_from_loader("run_qemu", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


rq = load_launcher()

# Beyond a scenario's own `forbid` markers, serial_scan fails any boot on
# a PANIC (unless `exit: panic`), a FAIL line, a kill of a process the
# scenario did not name in `allow-killed`, a triple fault or a KVM
# internal error, as soon as it appears.
EXPECTED_STATUS = {"clean": rq.QEMU_CLEAN, "panic": rq.QEMU_PANIC}
# `expect-unix-time`: how far a guest's time of day may be from the host's.
# QEMU's RTC starts at the host's UTC; the slack covers a slow TCG boot and
# the RTC's one-second steps, not a wrong date.
UNIX_TIME_TOLERANCE_S = 300


class ScenarioError(Exception):
    pass


def marker_text(m):
    return m[1] if m[0] == "str" else "/%s/" % m[1].pattern


def matches(m, line):
    return m[1] in line if m[0] == "str" else m[1].search(line) is not None


def parse_scenario(text, name="scenario"):
    """Returns a dict; raises ScenarioError naming the bad line."""
    sc = dict(name=name, image=None, image_path=None, mutations=[],
              expect=[], unordered=[], forbid=[], exit="clean", timeout=60.0,
              qemu_args=[], allow_killed=[], unix_time=[])
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = raw.strip(" \t").partition(":")
        # Trailing spaces can matter ("all " vs "all 2"): keep them, and
        # allow "double quotes" to make them visible.
        key, value = key.strip(), value.lstrip(" \t")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        where = "%s:%d" % (name, n)
        if not sep or not value:
            raise ScenarioError("%s: expected `key: value`" % where)
        try:
            if key == "image":
                sc["image"] = value
            elif key == "image-path":
                sc["image_path"] = value
            elif key == "mutation":
                if value.split()[0] not in bootpkg.MUTATIONS:
                    raise ScenarioError("%s: unknown mutation %r" % (where, value))
                sc["mutations"].append(value)
            elif key in ("expect", "forbid"):
                sc[key].append(("str", value))
            elif key in ("expect-re", "forbid-re"):
                sc[key[:-3]].append(("re", re.compile(value)))
            elif key == "expect-unordered":
                sc["unordered"].append(("str", value))
            elif key == "expect-unordered-re":
                sc["unordered"].append(("re", re.compile(value)))
            elif key == "expect-unix-time":
                # A required line whose first group is Unix seconds,
                # checked against the host's clock when the line is read.
                r = re.compile(value)
                if r.groups < 1:
                    raise ValueError("needs a group capturing the seconds")
                sc["unix_time"].append(r)
            elif key == "allow-killed":
                # A regex over the names of processes this scenario expects
                # the kernel to kill; every other kill fails it.
                re.compile(value)
                sc["allow_killed"].append(value)
            elif key == "exit":
                if value not in EXPECTED_STATUS:
                    raise ScenarioError("%s: exit must be clean or panic" % where)
                sc["exit"] = value
            elif key == "qemu-args":
                # Appended after the launcher's own arguments; QEMU keeps
                # the last -cpu, so `-cpu max,-rdrand` here replaces the
                # default model.
                sc["qemu_args"] += shlex.split(value)
            elif key == "timeout":
                sc["timeout"] = float(value)
                if sc["timeout"] <= 0:
                    raise ValueError("must be > 0")
            else:
                raise ScenarioError("%s: unknown key %r" % (where, key))
        except (re.error, ValueError) as e:
            raise ScenarioError("%s: bad %s: %s" % (where, key, e))
    if bool(sc["image"]) == bool(sc["image_path"]):
        raise ScenarioError("%s: give exactly one of image / image-path" % name)
    return sc


class Checker:
    """Feeds serial lines through the scenario's markers, in order."""

    def __init__(self, sc, now=time.time):
        self.expect = sc["expect"]
        self.unordered = list(sc["unordered"])  # shrinks as markers are seen
        self.unix_time = list(sc["unix_time"])  # likewise
        self.now = now
        self.forbid = list(sc["forbid"])
        allowed = "|".join("(?:%s)" % r for r in sc["allow_killed"]) or None
        self.scan = serial_scan.Scanner(allow_panic=sc["exit"] == "panic",
                                        allow_killed=allowed)
        self.next = 0  # index of the next expected marker
        self.seen_early = set()  # expected markers seen out of order
        self.failure = None

    def feed(self, line):
        while self.next < len(self.expect) and matches(self.expect[self.next], line):
            self.next += 1
        self.unordered = [m for m in self.unordered if not matches(m, line)]
        for r in list(self.unix_time):
            m = r.search(line)
            if m is None:
                continue
            self.unix_time.remove(r)
            off = int(m.group(1)) - self.now()
            if abs(off) > UNIX_TIME_TOLERANCE_S and self.failure is None:
                self.failure = "unix time %s is %+.0fs from the host's (limit %ds) in line: %s" % (
                    m.group(1), off, UNIX_TIME_TOLERANCE_S, line.strip()[:160])
        for i in range(self.next, len(self.expect)):
            if matches(self.expect[i], line):
                self.seen_early.add(i)
        if self.failure is None:
            for m in self.forbid:
                if matches(m, line):
                    self.failure = "failure marker \"%s\" in line: %s" % (
                        marker_text(m), line.strip()[:160])
                    break
        if self.failure is None:
            self.failure = self.scan.feed(line)

    def done(self):
        return self.next == len(self.expect) and not self.unordered and not self.unix_time

    def missing(self):
        if self.done():
            return None
        if self.next == len(self.expect):
            if not self.unordered:
                return "missing unix-time line /%s/" % self.unix_time[0].pattern
            return "missing marker \"%s\"" % marker_text(self.unordered[0])
        m = marker_text(self.expect[self.next])
        if self.next in self.seen_early:
            prev = marker_text(self.expect[self.next - 1])
            return "marker \"%s\" appeared, but not after \"%s\"" % (m, prev)
        return "missing marker \"%s\"" % m


def prepare_image(sc, build, scenario_path):
    if sc["image_path"]:
        path = sc["image_path"]
        if not os.path.isabs(path):
            path = os.path.join(os.path.dirname(scenario_path), path)
    else:
        path = rq.manifest_image(build, sc["image"])
    if not os.path.isfile(path):
        raise ScenarioError("image missing: %s (run `make build` first)" % path)
    if not sc["mutations"]:
        return path
    with open(path, "rb") as f:
        data = f.read()
    try:
        for spec in sc["mutations"]:
            data = bootpkg.mutate(data, spec)
    except bootpkg.PackageError as e:
        raise ScenarioError("cannot mutate %s: %s" % (path, e))
    out_dir = os.path.join(build, "test-images")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, sc["name"] + ".pkg")
    with open(out, "wb") as f:
        f.write(data)
    return out


def boot(cmd, checker, log, timeout):
    """Runs QEMU; returns (status or None on timeout, failure-kill flag)."""
    proc = rq.spawn(cmd, stdin=rq.subprocess.DEVNULL,
                    stdout=rq.subprocess.PIPE, stderr=rq.subprocess.STDOUT)
    fd, buf = proc.stdout.fileno(), b""
    deadline = time.monotonic() + timeout
    kill_at = None  # set on a failure marker: drain a moment for context
    eof = False
    try:
        while not eof:
            now = time.monotonic()
            if kill_at and now >= kill_at:
                return rq.stop(proc), True
            if now >= deadline:
                rq.stop(proc)
                return None, False
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            eof = not chunk
            buf += chunk if chunk else b"\n"
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                log.write(line + "\n")
                checker.feed(line)
            log.flush()
            if checker.failure and kill_at is None:
                kill_at = time.monotonic() + 0.5
        return proc.wait(), bool(checker.failure)
    finally:
        rq.stop(proc)
        proc.stdout.close()


def run_one(path, args, accel, banner):
    name = os.path.basename(path)
    if name.endswith(".scenario"):
        name = name[: -len(".scenario")]
    start = time.monotonic()
    try:
        with open(path) as f:
            sc = parse_scenario(f.read(), name)
        build = rq.build_root(args.build)
        kernel = args.kernel or rq.default_kernel(build)
        if not os.path.isfile(kernel):
            raise ScenarioError("kernel missing: %s (run `make build` first)" % kernel)
        image = prepare_image(sc, build, path)
    except (OSError, ScenarioError) as e:
        return "FAIL %s: %s" % (name, e)
    log_dir = os.path.join(build, "test-logs")
    os.makedirs(log_dir, exist_ok=True)
    cmd = rq.qemu_command(kernel, image, accel, extra=sc["qemu_args"])
    checker = Checker(sc)
    with open(os.path.join(log_dir, name + ".log"), "w") as log:
        log.write("# %s\n# %s\n" % (banner, " ".join(cmd)))
        try:
            status, _ = boot(cmd, checker, log, sc["timeout"])
        except OSError as e:
            return "FAIL %s: cannot start QEMU: %s" % (name, e)
        log.write("# exit: %s\n" % ("timeout" if status is None
                                     else rq.describe_status(status)))
    secs = time.monotonic() - start
    if checker.failure:
        return "FAIL %s: %s" % (name, checker.failure)
    if status is None:
        what = checker.missing() or "waiting for %s exit" % sc["exit"]
        return "FAIL %s: timeout after %gs; %s" % (name, sc["timeout"], what)
    if checker.missing():
        return "FAIL %s: %s (QEMU %s)" % (name, checker.missing(),
                                        rq.describe_status(status))
    if status != EXPECTED_STATUS[sc["exit"]]:
        return "FAIL %s: expected %s exit, got %s" % (
            name, sc["exit"], rq.describe_status(status))
    return "PASS %s (%.1fs)" % (name, secs)


def resolve(arg):
    if os.path.exists(arg):
        return arg
    return os.path.join(HERE, "scenarios", arg + ".scenario")


def main(argv):
    p = argparse.ArgumentParser(prog="run_scenario.py")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    p.add_argument("--build", help="top build dir (default $BUILD or build)")
    p.add_argument("--kernel", help="kernel path (default BUILD/host/kernel/...)")
    p.add_argument("--accel", choices=("kvm", "tcg"), help="also env CAPOS_ACCEL")
    args = p.parse_args(argv)
    try:
        accel, banner = rq.choose_accel(args.accel)
    except ValueError as e:
        print("run_scenario: %s" % e, file=sys.stderr)
        return 2
    print(banner, file=sys.stderr, flush=True)  # stdout: result lines only
    failed = 0
    for s in args.scenarios:
        line = run_one(resolve(s), args, accel, banner)
        print(line, flush=True)
        failed += line.startswith("FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
