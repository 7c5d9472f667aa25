#!/usr/bin/env python3
"""Tests for bootpkg.py, run_scenario.py, serial_scan.py, the interop
runner's serial and audit proofs, and tools/run-qemu.

QEMU is replaced by testdata/fake-qemu (via CAPOS_QEMU), so these run in a
second and need no kernel. Registered with CTest by qemu-tests/CMakeLists.txt.
"""

import contextlib
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zlib

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "interop"))
import bootpkg  # noqa: E402
import bounds  # noqa: E402  (interop/)
import echo_guest  # noqa: E402
import run_interop  # noqa: E402  (interop/)
import run_scenario as rs  # noqa: E402
import serial_scan  # noqa: E402

FORWARDS = (r"\Aremote CapSet: tcp 127\.0\.0\.1 \d+ -> guest :2327\n"
            r"remote self-served UI: tcp 127\.0\.0\.1 \d+ -> guest :8080\n"
            r"remote capnp-rpc: tcp 127\.0\.0\.1 \d+ -> guest :2328\n"
            r"remote CapSet mTLS: tcp 127\.0\.0\.1 \d+ -> guest :2329\n")
RUN_QEMU = os.path.join(os.path.dirname(HERE), "tools", "run-qemu")
FAKE_QEMU = os.path.join(HERE, "testdata", "fake-qemu")

GOOD = bootpkg.build([
    ("manifest", bootpkg.KIND_MANIFEST, b"\x00\x00\x00\x00\x02\x00\x00\x00" + b"M" * 16),
    ("init", bootpkg.KIND_ELF, b"\x7fELF" + b"\x02\x01\x01" + b"\x00" * 57),
    ("demo-hello", bootpkg.KIND_ELF, b"\x7fELF" + b"\x00" * 60),
    ("ui", bootpkg.KIND_BLOB, b"hello"),
])


def stored_crc(data):
    return struct.unpack_from("<I", data, 24)[0]


class BootPkgTest(unittest.TestCase):
    def test_build_parses_back(self):
        hdr, entries = bootpkg.parse(GOOD)
        self.assertEqual(hdr["magic"], b"CAPBOOT1")
        self.assertEqual(hdr["total_size"], len(GOOD))
        self.assertEqual([e["name"] for e in entries], ["manifest", "init", "demo-hello", "ui"])
        self.assertTrue(all(e["offset"] % 8 == 0 for e in entries))
        self.assertEqual(stored_crc(GOOD), zlib.crc32(GOOD[32:]))

    def test_flip_manifest_recomputes_crc(self):
        bad = bootpkg.mutate(GOOD, "flip-manifest 0 0xff")
        off = bootpkg.parse(GOOD)[1][0]["offset"]
        self.assertEqual(bad[off], GOOD[off] ^ 0xFF)
        self.assertEqual(sum(a != b for a, b in zip(bad[32:], GOOD[32:])), 1)
        self.assertEqual(stored_crc(bad), zlib.crc32(bad[32:]))
        self.assertNotEqual(stored_crc(bad), stored_crc(GOOD))

    def test_flip_elf_by_name(self):
        bad = bootpkg.mutate(GOOD, "flip-elf demo-hello 1 0x01")
        off = bootpkg.parse(GOOD)[1][2]["offset"]
        self.assertEqual(bad[off + 1], ord("E") ^ 1)
        self.assertEqual(stored_crc(bad), zlib.crc32(bad[32:]))
        first = bootpkg.mutate(GOOD, "flip-elf *")
        self.assertEqual(first[bootpkg.parse(GOOD)[1][1]["offset"]], 0x7F ^ 0xFF)

    def test_flip_data_keeps_old_crc(self):
        bad = bootpkg.mutate(GOOD, "flip-data")
        self.assertEqual(bad[-1], GOOD[-1] ^ 1)
        self.assertEqual(stored_crc(bad), stored_crc(GOOD))
        self.assertNotEqual(zlib.crc32(bad[32:]), stored_crc(bad))

    def test_header_mutations(self):
        self.assertNotEqual(bootpkg.mutate(GOOD, "bad-magic")[:8], b"CAPBOOT1")
        self.assertEqual(len(bootpkg.mutate(GOOD, "truncate 40")), 40)
        self.assertEqual(len(bootpkg.mutate(GOOD, "truncate 50%")), len(GOOD) // 2)
        bad = bootpkg.mutate(GOOD, "entry-count")
        self.assertEqual(struct.unpack_from("<I", bad, 12)[0], 5)
        bad = bootpkg.mutate(GOOD, "entry-count 9999")
        self.assertEqual(struct.unpack_from("<I", bad, 12)[0], 9999)
        self.assertRaises(bootpkg.PackageError, bootpkg.parse, bad)

    def test_bad_mutation_specs(self):
        for spec in ("", "explode", "truncate", "truncate x", f"truncate {len(GOOD)}",
                     "flip-elf nosuch", "flip-manifest 99999", "flip-data 3"):
            with self.subTest(spec=spec):
                self.assertRaises(bootpkg.PackageError, bootpkg.mutate, GOOD, spec)
        self.assertRaises(bootpkg.PackageError, bootpkg.mutate, GOOD[:20], "bad-magic")
        no_elf = bootpkg.build([("m", bootpkg.KIND_MANIFEST, b"x")])
        self.assertRaises(bootpkg.PackageError, bootpkg.mutate, no_elf, "flip-elf")


class ScenarioParseTest(unittest.TestCase):
    def test_full(self):
        sc = rs.parse_scenario('# c\nimage: system\nmutation: truncate 9\n'
                               'expect: "all "\nexpect-re: ^a+$\nforbid: x\n'
                               'expect-unordered: u\nexit: panic\ntimeout: 5\n')
        self.assertEqual(sc["image"], "system")
        self.assertEqual(sc["expect"][0], ("str", "all "))
        self.assertEqual(sc["expect"][1][0], "re")
        self.assertEqual((sc["exit"], sc["timeout"]), ("panic", 5.0))
        self.assertEqual(sc["unordered"], [("str", "u")])
        self.assertEqual(sc["qemu_args"], [])

    def test_qemu_args_accumulate_and_split(self):
        sc = rs.parse_scenario("image: system\nqemu-args: -cpu max,-rdrand,-rdseed\n"
                               "qemu-args: -device 'virtio-rng-pci,max-bytes=1024'\n")
        self.assertEqual(sc["qemu_args"], ["-cpu", "max,-rdrand,-rdseed",
                                           "-device", "virtio-rng-pci,max-bytes=1024"])

    def test_errors(self):
        for text in ("", "expect: x", "image: a\nimage-path: b", "image: a\nbogus: 1",
                     "image: a\nexit: maybe", "image: a\ntimeout: -1", "image: a\nexpect-re: (",
                     "image: a\nmutation: explode", "image: a\nno colon here", "image: a\nexpect:",
                     "image: a\nqemu-args: -device 'unbalanced"):
            with self.subTest(text=text):
                self.assertRaises(rs.ScenarioError, rs.parse_scenario, text)


class CheckerTest(unittest.TestCase):
    def checker(self, text):
        return rs.Checker(rs.parse_scenario("image: x\n" + text))

    def test_order(self):
        c = self.checker("expect: one\nexpect: two\n")
        for line in ("two", "one"):
            c.feed(line)
        self.assertIn("appeared, but not after \"one\"", c.missing())
        c.feed("two again")
        self.assertTrue(c.done())

    def test_unordered_and_missing(self):
        c = self.checker("expect-unordered: b\nexpect-unordered: a\nexpect: z\n")
        c.feed("z")
        c.feed("a")
        self.assertEqual(c.missing(), 'missing marker "b"')
        c.feed("b")
        self.assertTrue(c.done())

    def test_unix_time_within_tolerance(self):
        sc = rs.parse_scenario("image: x\nexpect-unix-time: rtc: .* \\(unix (\\d+)\\)$\n")
        c = rs.Checker(sc, now=lambda: 1796676067.5)
        self.assertFalse(c.done())
        self.assertIn("missing unix-time line", c.missing())
        c.feed("[kernel] rtc: 2026-12-07T20:46:07Z (unix 1796676367)\n")  # +300 s
        self.assertTrue(c.done())
        self.assertIsNone(c.failure)

    def test_unix_time_too_far_or_unknown_fails(self):
        sc = rs.parse_scenario("image: x\nexpect-unix-time: unix (\\d+)\n")
        c = rs.Checker(sc, now=lambda: 1796676067)
        c.feed("rtc: 1970-01-01T00:00:05Z (unix 5)\n")
        self.assertIn("from the host's", c.failure)
        c = rs.Checker(sc, now=lambda: 1796676067)
        c.feed("rtc: unknown (bad month)\n")  # no value: the line stays missing
        self.assertFalse(c.done())
        self.assertIsNone(c.failure)
        self.assertRaises(rs.ScenarioError, rs.parse_scenario, "image: x\nexpect-unix-time: unix\n")

    def test_failure_markers(self):
        for line in ("[kernel] PANIC x", "[probe] FAIL check 3", "FAIL", "x FAIL y",
                     "KVM internal error. Suberror: 1", "[kernel] triple fault", "custom!"):
            with self.subTest(line=line):
                c = self.checker("forbid: custom!\n")
                c.feed(line)
                self.assertIsNotNone(c.failure)
        c = self.checker("exit: panic\n")
        for line in ("[kernel] PANIC bad magic", "[probe] FAILED? no: FAILURES ok", "PASS"):
            c.feed(line)
        self.assertIsNone(c.failure)


PANIC_LINE = "[kernel] PANIC: #GP in kernel mode (vector 13)"
KILL_LINE = "[kernel] process chat-worker-3 (pid 9) killed by its handle"
FAULT_LINE = "[kernel] process demo-fault (pid 4) killed: #PF at rip=401000 addr=0 (read, x)"


class SerialScanTest(unittest.TestCase):
    """serial_scan.py: the one PANIC / FAIL / kill rule of QEMU-backed tests."""

    def test_flags_panic_fail_kill_and_fatal(self):
        for line, want in ((PANIC_LINE, "kernel PANIC"), ("[demo-probe] FAIL x: y", "FAIL line"),
                           ("FAIL", "FAIL line"), ("a FAIL b", "FAIL line"),
                           (KILL_LINE, "unexpected kill"), (FAULT_LINE, "unexpected kill"),
                           ("[kernel] triple fault", "triple fault"),
                           ("KVM internal error. Suberror: 1", "KVM internal error")):
            with self.subTest(line=line):
                self.assertTrue(serial_scan.Scanner().check(line).startswith(want))

    def test_clean_lines_pass(self):
        lines = ["[demo-probe] PASS valid-call", "[probe] FAILED? no: FAILURES ok",
                 "[gateway] worker killed? no", "[kernel] all processes exited"]
        self.assertIsNone(serial_scan.first_problem(lines))

    def test_declared_kill_and_expected_panic_allowed(self):
        self.assertIsNone(serial_scan.first_problem([FAULT_LINE], allow_killed="demo-fault"))
        self.assertIsNone(serial_scan.first_problem([PANIC_LINE], allow_panic=True))
        # The allowance is a whole-name match: demo-fault-2 is someone else.
        other = FAULT_LINE.replace("demo-fault", "demo-fault-2")
        self.assertIn("unexpected kill", serial_scan.first_problem([other],
                                                                  allow_killed="demo-fault"))
        # A FAIL line is never excused by an allowed kill or panic.
        self.assertIn("FAIL line", serial_scan.first_problem(
            [FAULT_LINE, "[x] FAIL y: z"], allow_panic=True, allow_killed="demo-fault"))

    def test_scenario_without_kill_forbid_fails_on_kill(self):
        # net-static and abi-mismatch never forbade kills, so a crash of a
        # service there passed as long as the markers came.
        c = rs.Checker(rs.parse_scenario("image: x\nexpect: y\n"))
        c.feed(KILL_LINE)
        self.assertIn("unexpected kill", c.failure)

    def test_scenario_allow_killed(self):
        sc = rs.parse_scenario("image: x\nallow-killed: demo-fault\nallow-killed: ipc-echo[a-z-]*\n")
        c = rs.Checker(sc)
        c.feed(FAULT_LINE)
        c.feed(KILL_LINE.replace("chat-worker-3", "ipc-echo-disclose"))
        self.assertIsNone(c.failure)
        c.feed(KILL_LINE)
        self.assertIn("unexpected kill", c.failure)
        self.assertRaises(rs.ScenarioError, rs.parse_scenario, "image: x\nallow-killed: (\n")

    def interop_serial(self, lines):
        """run_interop's serial-clean proof over `lines`: (report, output lines)."""
        report, buf = run_interop.Report(), io.StringIO()
        with contextlib.redirect_stdout(buf):
            report.proof("serial-clean", lambda: run_interop.serial_clean(lines))
        return report, buf.getvalue().splitlines()

    def test_interop_fails_on_serial_panic(self):
        report, out = self.interop_serial(["[gateway] gateway: listening on 2327", PANIC_LINE])
        self.assertEqual((report.passed, report.failed), (0, 1))
        self.assertTrue(out[0].startswith("FAIL serial-clean: kernel PANIC on serial"), out)

    def test_interop_fails_on_serial_fail_line(self):
        report, out = self.interop_serial(["[authority] FAIL policy: x"])
        self.assertEqual(report.failed, 1, out)

    def test_interop_fails_on_unexpected_kill(self):
        report, out = self.interop_serial([KILL_LINE])
        self.assertEqual(report.failed, 1, out)
        self.assertIn("unexpected kill", out[0])

    def test_interop_passes_on_clean_serial(self):
        report, out = self.interop_serial(["[gateway] gateway: listening on 2327"])
        self.assertEqual((report.passed, report.failed), (1, 0), out)

    def test_echo_guest_clean_fails_on_kill(self):
        # echo_test.py's guest-clean used to look for PANIC and FAIL only.
        g = echo_guest.Guest.__new__(echo_guest.Guest)
        g.cond, g.lines = threading.Condition(), ["[echo] echo: listening", FAULT_LINE]
        self.assertIn("unexpected kill", g.serial_problem())


class FakeGuest:
    """interop/guest.py's wait_for over a fixed list of serial lines."""

    def __init__(self, lines):
        self.lines = lines
        self.waited = []

    def mark(self):
        return 0

    def wait_for(self, pattern, timeout, since=0):
        self.waited.append(timeout)
        for line in self.lines[since:]:
            m = re.search(pattern, line)
            if m:
                return m
        return None


class FakeCli:
    def run(self, steps, password=None):
        return FakeResult()


class FakeResult:
    rc = 1

    def __init__(self):
        self.steps = [self]

    def __getitem__(self, i):
        return self.steps[i]

    def denied(self, code):
        return code == "authDenied"

    def brief(self):
        return "exit 1: denied authDenied"


class LoginMatrixTest(unittest.TestCase):
    """interop/bounds.py: a denial proof needs the audit line naming the reason."""

    def matrix(self, serial):
        ctx = run_interop.Ctx()
        ctx.cli, ctx.guest, ctx.limits, ctx.passwords = FakeCli(), FakeGuest(serial), {}, {}
        out = []

        class Rep:
            def ok(self, name, note=None):
                out.append("PASS %s (%s)" % (name, note))

            def fail(self, name, why):
                out.append("FAIL %s: %s" % (name, why))

        saved = bounds.MATRIX
        bounds.MATRIX = saved[:1]  # one row: no backoff waits
        try:
            bounds.Bounds(ctx, None).login_matrix(Rep())
        finally:
            bounds.MATRIX = saved
        return out, ctx.guest.waited

    def test_denial_matrix_fails_without_audit_reason(self):
        out, waited = self.matrix(["[gateway] nothing about the login"])
        self.assertEqual(len(out), 1)
        self.assertTrue(out[0].startswith("FAIL login-denied-wrong-password: authDenied, but no "
                                          "login-denied audit line"), out)
        # Generous for TCG, but bounded.
        self.assertGreaterEqual(waited[0], 30)

    def test_denial_matrix_checks_the_reason(self):
        audit = '[authority] audit: event=7 t=1 login-denied reason=%s method=password'
        out, _ = self.matrix([audit % "badPassword"])
        self.assertEqual(out, ["PASS login-denied-wrong-password (authDenied; audit "
                               "reason=badPassword)"])
        out, _ = self.matrix([audit % "accountLocked"])
        self.assertTrue(out[0].startswith("FAIL login-denied-wrong-password: authDenied, but "
                                          "the audit says reason=accountLocked"), out)


class EndToEndTest(unittest.TestCase):
    """Runs run_scenario.py and run-qemu against the fake QEMU."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.build = self.tmp.name
        os.makedirs(os.path.join(self.build, "host", "kernel"))
        os.makedirs(os.path.join(self.build, "host", "images"))
        with open(os.path.join(self.build, "host", "images", "system.pkg"), "wb") as f:
            f.write(GOOD)
        self.env = dict(os.environ, CAPOS_QEMU=FAKE_QEMU, CAPOS_ACCEL="tcg")

    def tearDown(self):
        self.tmp.cleanup()

    def guest(self, **spec):
        with open(os.path.join(self.build, "host", "kernel", "capos-kernel.bin"), "w") as f:
            json.dump(spec, f)

    def scenario(self, text, name="t"):
        path = os.path.join(self.build, name + ".scenario")
        with open(path, "w") as f:
            f.write(text)
        r = subprocess.run([sys.executable, os.path.join(HERE, "run_scenario.py"),
                            "--build", self.build, path], env=self.env,
                           capture_output=True, text=True, timeout=60)
        return r.returncode, r.stdout.strip()

    def test_pass_and_log(self):
        self.guest(lines=["[init] all 2 services started", "[kernel] all processes exited"])
        rc, out = self.scenario('image: system\nexpect: "[init] all "\n'
                                'expect: [kernel] all processes exited\n')
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"^PASS t \(\d+\.\ds\)$")
        with open(os.path.join(self.build, "test-logs", "t.log")) as f:
            self.assertIn("[init] all 2 services started\n", f.read())

    def test_qemu_args_reach_qemu_after_defaults(self):
        self.guest(lines=["[kernel] booted"])
        rc, out = self.scenario("image: system\nexpect: booted\n"
                                "qemu-args: -cpu max,-rdrand -device virtio-rng-pci\n")
        self.assertEqual(rc, 0, out)
        with open(os.path.join(self.build, "test-logs", "t.log")) as f:
            cmd = f.read().splitlines()[1]
        self.assertTrue(cmd.endswith(" -cpu max,-rdrand -device virtio-rng-pci"), cmd)
        self.assertIn(" -cpu max ", cmd)  # the default stays; QEMU keeps the last -cpu

    def test_failures(self):
        cases = [
            (dict(lines=["a"]), "image: system\nexpect: b\n", 'FAIL t: missing marker "b"'),
            (dict(lines=["a"], status=0), "image: system\n",
             "FAIL t: expected clean exit, got status 0: guest reset"),
            (dict(lines=["[kernel] PANIC oops"], hang=True), "image: system\n",
             "FAIL t: kernel PANIC on serial: [kernel] PANIC oops"),
            (dict(lines=["[kernel] process x (pid 4) killed by its handle"], hang=True),
             "image: system\nallow-killed: y\n", "FAIL t: unexpected kill on serial"),
            (dict(hang=True), "image: system\nexpect: x\ntimeout: 1\n",
             'FAIL t: timeout after 1s; missing marker "x"'),
            (dict(), "image: nosuch\n", "FAIL t: image missing:"),
        ]
        for spec, text, want in cases:
            with self.subTest(want=want):
                self.guest(**spec)
                start = time.monotonic()
                rc, out = self.scenario(text)
                self.assertEqual(rc, 1)
                self.assertTrue(out.startswith(want), out)
                self.assertLess(time.monotonic() - start, 10)

    def test_mutated_image_reaches_guest(self):
        self.guest(panic_if_bad_magic=True, lines=["[kernel] booted"])
        rc, out = self.scenario("image: system\nmutation: bad-magic\n"
                                "expect-re: ^\\[kernel\\] PANIC.*magic\nexit: panic\n")
        self.assertEqual(rc, 0, out)
        rc, out = self.scenario("image: system\nexpect: PANIC\nexit: panic\n")
        self.assertTrue(out.startswith('FAIL t: missing marker "PANIC"'), out)

    def run_qemu(self, *args, timeout=30):
        return subprocess.run([RUN_QEMU, "--build", self.build, *args], env=self.env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)

    def test_run_qemu_statuses(self):
        for status, want in ((33, 0), (35, 1), (0, 3), (1, 3)):
            with self.subTest(status=status):
                self.guest(lines=["[kernel] hi"], status=status)
                r = self.run_qemu()
                self.assertEqual(r.returncode, want, r.stderr)
                # The forward lines come first, before any serial output.
                self.assertRegex(r.stdout, FORWARDS + r"\[kernel\] hi\n\Z")
                self.assertIn("qemu: accelerator TCG", r.stderr)
        self.guest(hang=True)
        self.assertEqual(self.run_qemu("--timeout", "1").returncode, 124)
        r = self.run_qemu("--manifest", "nosuch")
        self.assertEqual(r.returncode, 2)
        self.assertIn("run `make build` first", r.stderr)
        self.assertEqual(self.run_qemu("--accel", "bogus").returncode, 2)

    def test_run_qemu_prints_the_operator_login(self):
        """An image with NAME.login gets the login hint after the forward
        lines: the file's path and the CLI command, never the password."""
        pwfile = os.path.join(self.build, "local", "operator.password")
        os.makedirs(os.path.dirname(pwfile))
        with open(pwfile, "w") as f:
            f.write("not-to-be-printed\n")
        with open(os.path.join(self.build, "host", "images", "system.login"), "w") as f:
            json.dump({"principal": "jdoe", "passwordFile": pwfile}, f)
        self.guest(lines=["[kernel] hi"], status=33)
        r = self.run_qemu()
        self.assertEqual(r.returncode, 0, r.stderr)
        port = re.search(r"remote CapSet: tcp 127\.0\.0\.1 (\d+) ", r.stdout).group(1)
        self.assertRegex(r.stdout, FORWARDS + re.escape(
            "operator jdoe: password in %s (host-only, mode 0600; never printed)\n"
            "log in: %s --port %s --user jdoe --password-file %s capset list\n" % (
                pwfile, os.path.join(self.build, "host", "tools", "remote-session-client",
                                     "remote-session-client"), port, pwfile))
            + r"\[kernel\] hi\n\Z")
        self.assertNotIn("not-to-be-printed", r.stdout + r.stderr)

    def test_run_qemu_sigterm_leaves_no_qemu(self):
        self.guest(hang=True, lines=["[kernel] up"])
        p = subprocess.Popen([RUN_QEMU, "--build", self.build], env=self.env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
        self.assertRegex(p.stdout.readline(), r"^remote CapSet: tcp 127\.0\.0\.1 \d+ ")
        self.assertRegex(p.stdout.readline(), r"^remote self-served UI: tcp 127\.0\.0\.1 ")
        self.assertRegex(p.stdout.readline(), r"^remote capnp-rpc: tcp 127\.0\.0\.1 ")
        self.assertRegex(p.stdout.readline(), r"^remote CapSet mTLS: tcp 127\.0\.0\.1 ")
        self.assertEqual(p.stdout.readline(), "[kernel] up\n")
        p.terminate()
        self.assertEqual(p.wait(10), 143)
        # The fake QEMU held the pipe open; EOF means it is gone too.
        self.assertEqual(p.stdout.read(), "")
        p.stdout.close()


if __name__ == "__main__":
    unittest.main()
