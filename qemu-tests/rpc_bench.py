#!/usr/bin/env python3
"""`make bench` rows for standard Cap'n Proto RPC in the guest (issue 11).

Boots `system-echo` for the echo 64-byte round trip p50 (the floor, this
run), then `system-remote-session-rpc`, and measures from the host:

- Session.info over RPC p50/p99 (tools/rpc-probe, Debian's libcapnp-rpc,
  one logged-in connection), / echo p50 (target <= 1.5x);
- a 4-call chain, login(guest) -> capSet -> get("system_info") -> motd,
  pipelined over RPC (all four sent before the first answer) against the
  same four steps as sequential DTO calls (tools/remote-session-client
  --json: login, capset get, call motd, session-info), p50 of each and
  their ratio (target: the pipelined chain >= 2.5x faster);
- the size of the rpc-gateway binary beside the DTO gateway's.

Prints `| name | value` rows; never fails on a time, exits 1 only if
something cannot be measured. Env: BUILD, CAPOS_ACCEL.
"""

import json
import os
import re
import signal
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import echo_guest as eg  # noqa: E402
from remote_session_bench import echo_floor  # noqa: E402

READY = "rpc-gateway: listening on 2328"
INFO_CALLS, CHAINS = 500, 40
RATE_RE = re.compile(r"^(time-\w+) n=(\d+) mean_us=(\d+) p50_us=(\d+) p99_us=(\d+)$")


def host_tool(*parts):
    build = os.environ.get("BUILD") or os.path.join(os.path.dirname(HERE), "build")
    return os.path.join(build, "host", *parts)


def probe(port, steps):
    p = subprocess.run([host_tool("tools", "rpc-probe", "rpc-probe"), "--port", str(port)] + steps,
                       capture_output=True, text=True, timeout=600)
    found = {}
    for line in p.stdout.splitlines():
        m = RATE_RE.match(line)
        if m:
            found[m.group(1)] = (int(m.group(4)), int(m.group(5)))
    if p.returncode != 0 or len(found) != 2:
        raise RuntimeError("rpc-probe: %s" % (p.stdout + p.stderr).strip()[-300:])
    return found


def dto_chains(port, n):
    """p50 of the four DTO steps' summed round trips, and of session-info."""
    steps = []
    for _ in range(n):
        steps += ["--do", "login --guest", "--do", "capset get system_info",
                  "--do", "call system_info motd", "--do", "session-info"]
    p = subprocess.run([host_tool("tools", "remote-session-client", "remote-session-client"),
                        "--port", str(port), "--json", "session"] + steps,
                       capture_output=True, text=True, timeout=600)
    outs = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0 or len(outs) != 4 * n or any("elapsedUs" not in o for o in outs):
        raise RuntimeError("remote-session-client: exit %d, %d answers: %s" % (
            p.returncode, len(outs), (p.stdout + p.stderr).strip()[-300:]))
    sums = [sum(o["elapsedUs"] for o in outs[i:i + 4]) for i in range(0, len(outs), 4)]
    infos = [outs[i + 3]["elapsedUs"] for i in range(0, len(outs), 4)]
    return statistics.median(sums), statistics.median(infos)


def measure(fw, echo_us, rows):
    rpc = probe(fw[2328], ["login", "guest", "time-info", str(INFO_CALLS), "time-chain",
                           str(CHAINS)])
    p50, p99 = rpc["time-info"]
    rows.append(("Session.info over RPC p50 / p99 (%d)" % INFO_CALLS,
                 "%d / %d us; %.2fx echo p50 (target <= 1.5x)" % (p50, p99, p50 / echo_us)))
    chain, dto_info = dto_chains(fw[2327], CHAINS)
    rows.append(("  DTO sessionInfo p50, same boot (%d)" % CHAINS,
                 "%d us; %.2fx echo p50" % (dto_info, dto_info / echo_us)))
    rpc_chain = rpc["time-chain"][0]
    rows.append(("4-call chain: RPC pipelined p50 / DTO sequential p50 (%d)" % CHAINS,
                 "%d / %d us: pipelined %.2fx faster (target >= 2.5x)" % (
                     rpc_chain, chain, chain / rpc_chain)))


def main():
    rows, ok = [], True
    rpc_bin = host_tool("services", "bin", "rpc-gateway")
    dto_bin = host_tool("services", "bin", "gateway")
    if os.path.isfile(rpc_bin) and os.path.isfile(dto_bin):
        rows.append(("rpc-gateway binary", "%d bytes (DTO gateway %d)" % (
            os.path.getsize(rpc_bin), os.path.getsize(dto_bin))))
    try:
        echo_us = echo_floor()
        rows.append(("echo 64 B round trip p50 (this run)", "%.0f us" % echo_us))
    except (OSError, RuntimeError, TimeoutError) as e:
        rows.append(("rpc bench", "cannot measure the echo floor: %s" % e))
        echo_us, ok = None, False
    g = eg.Guest(["--manifest", "system-remote-session-rpc"],
                 os.path.join(eg.log_dir(), "rpc-bench.log"))
    try:
        fw = g.forwards(120)
        if echo_us is None:
            pass
        elif not fw or 2328 not in fw or not g.saw(READY, 180):
            rows.append(("rpc bench", "cannot measure: rpc-gateway not ready"))
            ok = False
        else:
            try:
                measure(fw, echo_us, rows)
            except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as e:
                rows.append(("rpc bench", "cannot measure: %s" % e))
                ok = False
    finally:
        g.stop(signal.SIGTERM)
    return g.report(rows, ok, "rpc")


if __name__ == "__main__":
    sys.exit(main())
