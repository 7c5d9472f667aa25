#!/usr/bin/env python3
"""`make bench`: boot-to-ready times and guest image size, as a table.

boot-to-ready = host wall time from starting QEMU until a serial line
contains READY_MARKER; the median of BOOTS boots of the platform-smoke
image, under TCG and (when usable) KVM. Never fails on a time; exits 1 only
if something cannot be measured (missing files, marker never seen).
"""

import os
import select
import statistics
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
from run_scenario import rq  # noqa: E402

READY_MARKER = "[init] all "
IMAGE = "system-platform-smoke"
BOOTS = 3
BOOT_LIMIT = 120.0  # seconds before a boot counts as unmeasurable


def time_to_ready(kernel, image, accel):
    """Seconds until READY_MARKER; raises RuntimeError if never seen."""
    proc = rq.spawn(rq.qemu_command(kernel, image, accel), stdin=rq.subprocess.DEVNULL,
                    stdout=rq.subprocess.PIPE, stderr=rq.subprocess.STDOUT)
    start = time.monotonic()
    fd, buf = proc.stdout.fileno(), b""
    try:
        while time.monotonic() - start < BOOT_LIMIT:
            if not select.select([fd], [], [], 0.2)[0]:
                continue
            chunk = os.read(fd, 65536)
            buf = (buf + chunk)[-4096:]
            if READY_MARKER.encode() in buf:
                return time.monotonic() - start
            if not chunk:
                raise RuntimeError("QEMU exited (%s) before %r" % (
                    rq.describe_status(proc.wait()), READY_MARKER))
        raise RuntimeError("no %r within %gs" % (READY_MARKER, BOOT_LIMIT))
    finally:
        rq.stop(proc)
        proc.stdout.close()


def main():
    build = rq.build_root(None)
    kernel = rq.default_kernel(build)
    smoke = rq.manifest_image(build, IMAGE)
    system = rq.manifest_image(build, "system")
    for path in (kernel, smoke, system):
        if not os.path.isfile(path):
            print("bench: cannot measure: %s missing (run `make build` first)" % path)
            return 1
    default_accel, banner = rq.choose_accel(None)
    kvm_why = rq.probe_kvm()
    rows = [("accelerator (make run)", banner.replace("qemu: accelerator ", ""))]
    ok = True
    for accel in ("tcg", "kvm"):
        label = "boot-to-ready %s (median of %d)" % (accel.upper(), BOOTS)
        if accel == "kvm" and kvm_why:
            rows.append((label, "n/a (%s)" % kvm_why))
            continue
        try:
            times = [time_to_ready(kernel, smoke, accel) for _ in range(BOOTS)]
            rows.append((label, "%.3f s" % statistics.median(times)))
        except RuntimeError as e:
            rows.append((label, "cannot measure: %s" % e))
            ok = False
    k, s = os.path.getsize(kernel), os.path.getsize(system)
    rows.append(("guest image size", "%d bytes (kernel %d + system.pkg %d)" % (k + s, k, s)))
    width = max(len(r[0]) for r in rows)
    print("| %-*s | %s" % (width, "metric", "value"))
    print("|-%s-|------" % ("-" * width))
    for name, value in rows:
        print("| %-*s | %s" % (width, name, value))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
