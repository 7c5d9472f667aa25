#!/usr/bin/env python3
"""The guest keeps serving while its NIC receives hostile Ethernet frames.

Boots `system-echo` through tools/run-qemu --inject-udp: QEMU netfilters
on the user netdev hand every frame our sink socket sends to the inject
port to the NIC (slirp never sees them) and copy every guest frame back to
the sink.
Then:
  1. an echo round trip, and a well-formed ARP request + ICMP echo injected
     from a fake host 10.0.2.99, whose replies the sink must see (proves the
     frames really reach the guest's stack);
  2. a bounded flood of hostile frames (random bytes 1..2000 long, runt and
     over-MTU frames, truncated Ethernet/IPv4/TCP headers, bogus IPv4
     lengths/options/checksums, TCP/UDP/ICMP/ARP garbage, to the guest MAC,
     broadcast and random MACs) while a client keeps doing echo round trips
     (persistent connection, plus a fresh one every 10th);
  3. after the flood: more round trips, a fresh 256 KiB echo, the fake
     host's ARP + ICMP probe again, and no PANIC / killed process / lwIP
     assertion on serial; then SIGTERM (run-qemu must exit 143).
Prints `PASS net-garbage-frames (<n> frames, <m> round trips)` or
`FAIL net-garbage-frames: <why>`, plus NOTE lines. Serial log:
BUILD/test-logs/garbage-frames.log.

Usage: garbage_frames_test.py [--kernel PATH --image PATH]
Env: BUILD, CAPOS_ACCEL, GARBAGE_FRAMES (default 20000), GARBAGE_SECONDS
(flood duration, default 4), GARBAGE_SEED (default random; printed).
"""

import argparse
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import echo_guest as eg  # noqa: E402
import echo_net as en  # noqa: E402

READY = "[echo] listening on 2327"
BOOT_LIMIT = 180.0
RTT_LIMIT = 30.0  # seconds for one round trip while the NIC is flooded
# Fresh connections per run: past 85, where a runtime tag collision once
# made echo close an older live connection (fixed; kept as a regression).
MAX_FRESH = 150
# On top of serial_scan.py's PANIC / FAIL / kill rule: an lwIP assertion.
LWIP_ASSERT = "assertion failed"


# --- frames ---------------------------------------------------------------

GUEST_MAC = bytes.fromhex("525400123456")
BCAST = b"\xff" * 6
GUEST_IP = bytes([10, 0, 2, 15])
PROBE_MAC = bytes.fromhex("020000000099")
PROBE_IP = bytes([10, 0, 2, 99])
# Never spoofed as a sender: slirp's gateway/DNS, the guest, the probe host
# (a poisoned ARP entry would be a test artefact, not a guest bug).
RESERVED_LAST = (2, 3, 15, 99)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, src, ethertype):
    return dst + src + struct.pack("!H", ethertype)


def ipv4(src, dst, proto, payload, ihl=5, options=b"", total=None, ident=0, frag=0x4000):
    total = 20 + len(options) + len(payload) if total is None else total
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total & 0xFFFF, ident, frag, 64, proto, 0,
                    src, dst) + options
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def l4_csum(src, dst, proto, seg):
    return csum(src + dst + struct.pack("!BBH", 0, proto, len(seg)) + seg)


def probe_arp():
    """Well-formed "who has 10.0.2.15? tell 10.0.2.99"."""
    return eth(BCAST, PROBE_MAC, 0x0806) + struct.pack(
        "!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, PROBE_MAC, PROBE_IP, b"\0" * 6, GUEST_IP)


def probe_ping(ident):
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + b"garbage-frames probe"
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    return eth(GUEST_MAC, PROBE_MAC, 0x0800) + ipv4(PROBE_IP, GUEST_IP, 1, icmp)


def probe_arp_reply():
    """The probe host answering the guest's "who has 10.0.2.99?"."""
    return eth(GUEST_MAC, PROBE_MAC, 0x0806) + struct.pack(
        "!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 2, PROBE_MAC, PROBE_IP, GUEST_MAC, GUEST_IP)


def reply_to_probe(f):
    """("arp", None) / ("icmp", ident) when f is the guest answering the
    probe host, ("who-has", None) when it asks for the probe host's MAC,
    else None."""
    if len(f) < 42 or f[6:12] != GUEST_MAC:
        return None
    t = struct.unpack("!H", f[12:14])[0]
    if t == 0x0806 and f[20:22] == b"\0\1" and f[38:42] == PROBE_IP:
        return ("who-has", None)
    if f[:6] != PROBE_MAC:
        return None
    if t == 0x0806 and f[20:22] == b"\0\2" and f[38:42] == PROBE_IP:
        return ("arp", None)
    if t == 0x0800 and f[23] == 1 and f[30:34] == PROBE_IP:
        ihl = (f[14] & 15) * 4
        if len(f) >= 14 + ihl + 8 and f[14 + ihl] == 0:
            return ("icmp", struct.unpack("!H", f[14 + ihl + 4:14 + ihl + 6])[0])
    return None


def rand_mac(rng):
    return bytes([rng.randrange(256) & 0xFE | 2]) + rng.randbytes(5)


def rand_ip(rng):
    if rng.random() < 0.5:
        return rng.randbytes(4)
    return bytes([10, 0, 2, rng.choice([x for x in range(256) if x not in RESERVED_LAST])])


def dst_mac(rng):
    r = rng.random()
    return GUEST_MAC if r < 0.45 else BCAST if r < 0.9 else rand_mac(rng)


def dst_ip(rng):
    r = rng.random()
    return GUEST_IP if r < 0.8 else b"\xff" * 4 if r < 0.9 else rng.randbytes(4)


def bad_ipv4(rng, proto, payload):
    """An IPv4 packet with one thing wrong (or a garbage option area)."""
    src, dst = rand_ip(rng), dst_ip(rng)
    how = rng.randrange(8)
    if how == 0:  # truncated header
        return ipv4(src, dst, proto, payload)[:rng.randrange(1, 20)]
    if how == 1:  # ihl below 5 or beyond the packet
        p = bytearray(ipv4(src, dst, proto, payload))
        p[0] = 0x40 | rng.choice([0, 1, 4, 15])
        return bytes(p)
    if how == 2:  # total length beyond the frame, or below the header
        return ipv4(src, dst, proto, payload, total=rng.choice([0, 19, 21, 1500, 65535]))
    if how == 3:  # bad header checksum
        p = bytearray(ipv4(src, dst, proto, payload))
        p[10] ^= 0x5A
        return bytes(p)
    if how == 4:  # wrong version
        p = bytearray(ipv4(src, dst, proto, payload))
        p[0] = rng.choice([0x05, 0x65, 0xF5])
        return bytes(p)
    if how == 5:  # fragments (lwIP has reassembly off)
        return ipv4(src, dst, proto, payload, frag=rng.choice([0x2000, 0x0010, 0x3FFF]))
    if how == 6:  # garbage options with a valid checksum
        n = rng.randrange(1, 11)
        return ipv4(src, dst, proto, payload, ihl=5 + n, options=rng.randbytes(4 * n))
    return ipv4(src, dst, rng.randrange(256), payload)  # unknown protocol


def tcp_seg(rng, src, dst, syn_ok):
    flags = rng.randrange(256)
    good_sum = rng.random() < 0.6
    if good_sum and not syn_ok:
        flags &= ~0x02  # valid SYNs are a SYN flood, not garbage: few of them
    off = rng.choice([0, 3, 5, 6, 10, 15]) if rng.random() < 0.3 else 5 + rng.randrange(11)
    opts = rng.randbytes(max(0, off - 5) * 4)
    seg = struct.pack("!HHIIBBHHH", rng.randrange(1, 65536),
                      rng.choice([2327, 2327, 8080, rng.randrange(65536)]), rng.randrange(1 << 32),
                      rng.randrange(1 << 32), off << 4, flags, rng.randrange(65536), 0,
                      rng.randrange(65536)) + opts + rng.randbytes(rng.randrange(64))
    if rng.random() < 0.2:
        seg = seg[:rng.randrange(20)]  # truncated header
    elif good_sum:
        seg = seg[:16] + struct.pack("!H", l4_csum(src, dst, 6, seg)) + seg[18:]
    return seg, good_sum and flags & 0x02


def udp_dgram(rng, src, dst):
    dport = rng.choice([68, 68, 67, 53, rng.randrange(65536)])
    body = rng.randbytes(rng.randrange(600))
    if dport == 68 and rng.random() < 0.7:  # BOOTP reply + magic cookie + junk options
        body = bytes([2, 1, 6, 0]) + rng.randbytes(232) + b"\x63\x82\x53\x63" + body
    length = 8 + len(body) if rng.random() < 0.8 else rng.randrange(65536)
    d = struct.pack("!HHHH", 67, dport, length & 0xFFFF, 0) + body
    if rng.random() < 0.7:
        d = d[:6] + struct.pack("!H", l4_csum(src, dst, 17, d)) + d[8:]
    return d[:rng.randrange(8)] if rng.random() < 0.1 else d


def icmp_msg(rng):
    m = bytes([rng.choice([0, 3, 5, 8, 11, 13, rng.randrange(256)]), rng.randrange(256), 0, 0])
    m += rng.randbytes(rng.randrange(100))
    if rng.random() < 0.7:
        m = m[:2] + struct.pack("!H", csum(m)) + m[4:]
    return m[:rng.randrange(4)] if rng.random() < 0.1 else m


def arp_garbage(rng):
    sha, spa = rand_mac(rng), rand_ip(rng)
    tpa = GUEST_IP if rng.random() < 0.6 else rand_ip(rng)
    hlen, plen = (6, 4) if rng.random() < 0.5 else (rng.randrange(256), rng.randrange(256))
    op = rng.choice([1, 2, 0, 3, rng.randrange(65536)])
    a = struct.pack("!HHBBH6s4s6s4s", rng.choice([1, 1, 6, rng.randrange(65536)]),
                    rng.choice([0x0800, 0x0800, 0x86DD]), hlen, plen, op, sha, spa,
                    rng.randbytes(6), tpa)
    return a[:rng.randrange(28)] if rng.random() < 0.2 else a + rng.randbytes(rng.randrange(20))


class Hostile:
    """Frame generator; at most MAX_SYN valid SYNs in all (those pin
    half-open PCBs: a SYN flood is a different test)."""

    MAX_SYN = 32

    def __init__(self, rng):
        self.rng, self.syns = rng, 0

    def __call__(self):
        rng = self.rng
        hdr = eth(dst_mac(rng), rand_mac(rng), 0x0800)
        kind = rng.choices(["random", "runt-eth", "ipv4", "tcp", "udp", "icmp", "arp"],
                           [25, 5, 20, 20, 10, 8, 12])[0]
        # Never 0 bytes: QEMU's NIC receive returns 0 for an empty frame,
        # which QEMU reads as "queue full", so the frame and everything
        # slirp sends after it stay queued forever. No wire carries one.
        if kind == "random":  # runts through over-MTU (the RX buffer holds 2 KiB)
            return kind, rng.randbytes(rng.randint(1, 2000))
        if kind == "runt-eth":
            return kind, hdr[:rng.randrange(1, 14)]
        if kind == "arp":
            return kind, hdr[:12] + b"\x08\x06" + arp_garbage(rng)
        src, dst = rand_ip(rng), dst_ip(rng)
        if kind == "tcp":
            seg, syn = tcp_seg(rng, src, dst, self.syns < self.MAX_SYN)
            self.syns += bool(syn)
        else:
            seg = udp_dgram(rng, src, dst) if kind == "udp" else icmp_msg(rng)
        proto = {"tcp": 6, "udp": 17, "icmp": 1}.get(kind, rng.choice([1, 6, 17]))
        if kind == "ipv4" or rng.random() < 0.2:
            return kind, hdr + bad_ipv4(rng, proto, seg)
        return kind, hdr + ipv4(src, dst, proto, seg)


# --- test -----------------------------------------------------------------


class Failed(Exception):
    pass


def framed(frame):
    """One inject datagram: run-qemu's filter-redirector reads a 4-byte
    big-endian length, then the frame."""
    return struct.pack("!I", len(frame)) + frame


class Sink:
    """Receives run-qemu's copy of every guest frame (a length datagram,
    then the frame datagram) until stop(). Records replies the guest sends
    to the fake host."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.frames = 0
        self.inject_port = None  # set once QEMU listens
        self.replies = set()  # ("arp", None) / ("icmp", ident)
        self.cond = threading.Condition()
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        want = None  # frame length announced by the previous datagram
        while self.running:
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if want is None or len(d) != want:
                # A lost datagram desynchronises; guest frames are never 4
                # bytes long, so a 4-byte datagram is always a length.
                want = struct.unpack("!I", d)[0] if len(d) == 4 else None
                continue
            want = None
            reply = reply_to_probe(d)
            if reply == ("who-has", None) and self.inject_port:
                # Like any host: a hostile ARP flood may have evicted the
                # probe host from the guest's small ARP table.
                self.sock.sendto(framed(probe_arp_reply()), ("127.0.0.1", self.inject_port))
                continue
            with self.cond:
                self.frames += 1
                if reply:
                    self.replies.add(reply)
                    self.cond.notify_all()

    def wait(self, reply, timeout):
        end = time.monotonic() + timeout
        with self.cond:
            while reply not in self.replies:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
            return True

    def stop(self):
        self.running = False
        self.thread.join(2)
        self.sock.close()


def free_udp_port(avoid):
    while True:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port != avoid:
            return port


def boot(args, sink):
    """Returns (guest, echo host port, inject port); raises Failed."""
    run = ["--image", args.image] if args.image else ["--manifest", "system-echo"]
    if args.kernel:
        run += ["--kernel", args.kernel]
    log = os.path.join(eg.log_dir(), "garbage-frames.log")
    for _ in range(3):  # the inject port may be taken between probe and bind
        inject = free_udp_port(sink.port)
        g = eg.Guest(run + ["--inject-udp", "%d:%d" % (inject, sink.port)], log)
        fw = g.forwards(BOOT_LIMIT)
        if fw and g.saw(READY, BOOT_LIMIT):
            return g, fw[2327], inject
        rc = g.stop(signal.SIGTERM)
        if not any("Address already in use" in l for l in g.err):
            raise Failed("boot: no %s (run-qemu exit %r, stderr: %s, last serial: %r)" %
                         ("forward lines" if not fw else repr(READY), rc,
                          " | ".join(g.err[-3:]), g.lines[-1:]))
    raise Failed("boot: inject port taken 3 times")


class Client:
    """Echo round trips with random payloads; every failure is fatal."""

    def __init__(self, port, rng):
        self.port, self.rng = port, rng
        self.conn = en.connect(port, RTT_LIMIT)
        self.trips = 0

    def trip(self, fresh=False):
        data = self.rng.randbytes(self.rng.randint(1, 1500))
        try:
            if fresh:
                got = en.echo_once(self.port, data, RTT_LIMIT)
            else:
                got = en.exchange([self.conn], [data], RTT_LIMIT)[0]
        except (OSError, TimeoutError) as e:
            raise Failed("round trip %d (%s connection): %s: %s" % (
                self.trips + 1, "fresh" if fresh else "persistent", type(e).__name__, e))
        if got != data:
            raise Failed("round trip %d (%s connection): sent %d bytes, echo %d bytes%s" % (
                self.trips + 1, "fresh" if fresh else "persistent", len(data), len(got),
                " (differ)" if len(got) == len(data) else ""))
        self.trips += 1


def probe(inj, inject_port, sink, ident, when):
    """Fake host 10.0.2.99 asks the guest's stack for ARP and ICMP replies.
    Three tries each: a single frame may be lost, a dead stack answers none."""
    for reply, frame, what in ((("arp", None), probe_arp(), "ARP reply"),
                               (("icmp", ident), probe_ping(ident), "ICMP echo reply")):
        for _ in range(3):
            inj.sendto(framed(frame), ("127.0.0.1", inject_port))
            if sink.wait(reply, 5):
                break
        else:
            raise Failed("%s: no %s from the guest to 3 injected requests" % (when, what))


def flood(inj, inject_port, frames, seconds, rng, out):
    """Sends `frames` hostile frames paced over `seconds` (hard stop at
    3x). out["sent"], out["errors"] and out["kinds"] report progress."""
    end = time.monotonic() + 3 * seconds
    start, tick = time.monotonic(), 0.01
    per_tick = max(1, int(frames * tick / seconds))
    kinds = out["kinds"]
    hostile = Hostile(rng)
    while out["sent"] < frames and time.monotonic() < end:
        for _ in range(min(per_tick, frames - out["sent"])):
            kind, frame = hostile()
            kinds[kind] = kinds.get(kind, 0) + 1
            try:
                inj.sendto(framed(frame), ("127.0.0.1", inject_port))
            except OSError:
                out["errors"] += 1  # ENOBUFS: the host dropped it, not the guest
            out["sent"] += 1
        behind = start + tick * (out["sent"] // per_tick) - time.monotonic()
        if behind > 0:
            time.sleep(behind)


def run(args, sink, state):
    frames = int(os.environ.get("GARBAGE_FRAMES", "20000"))
    seconds = float(os.environ.get("GARBAGE_SECONDS", "4"))
    seed = int(os.environ.get("GARBAGE_SEED") or random.randrange(1 << 32))
    print("NOTE net-garbage-frames: seed %d (GARBAGE_SEED to replay)" % seed, flush=True)
    rng = random.Random(seed)
    g, port, inject_port = boot(args, sink)
    sink.inject_port = inject_port
    state["guest"] = g
    client = Client(port, random.Random(seed + 1))
    state["client"] = client
    inj = sink.sock  # QEMU only takes frames from the port it mirrors to
    client.trip()
    probe(inj, inject_port, sink, 1, "before the flood")
    out = {"sent": 0, "errors": 0, "kinds": {}}
    state["flood"] = out
    t = threading.Thread(target=flood, args=(inj, inject_port, frames, seconds, rng, out),
                         daemon=True)
    t.start()
    during = 0
    fresh = 0
    while t.is_alive() and during < 100000:
        new = during % 10 == 9 and fresh < MAX_FRESH - 6
        fresh += new
        client.trip(fresh=new)
        during += 1
    t.join(3 * seconds + 5)
    if out["sent"] < frames:
        raise Failed("flood sent only %d of %d frames" % (out["sent"], frames))
    if during < 5:
        raise Failed("only %d round trips during the flood" % during)
    print("NOTE net-garbage-frames: %d round trips during the flood; frame kinds %s; "
          "%d host send errors" % (during, sorted(out["kinds"].items()), out["errors"]),
          flush=True)
    for i in range(50):
        client.trip(fresh=i % 10 == 9)  # 5 fresh, the 256 KiB echo is the 6th
    data = os.urandom(256 << 10)
    if en.echo_once(port, data, 60) != data:
        raise Failed("fresh 256 KiB echo after the flood differs")
    client.trips += 1
    probe(inj, inject_port, sink, 2, "after the flood")
    if g.proc.poll() is not None:
        raise Failed("run-qemu exited (%r) during the test" % g.proc.returncode)
    problem = g.serial_problem()
    if problem:
        raise Failed(problem)
    bad = [l for l in g.lines if LWIP_ASSERT in l]
    if bad:
        raise Failed("serial: %r" % bad[0])
    counters = [l for l in g.lines if "rx_bad" in l or "dropped" in l]
    print("NOTE net-garbage-frames: %s" % (
        "driver counters on serial: %r" % counters[-1] if counters else
        "the kernel logs no driver drop counters; none checked"), flush=True)
    print("NOTE net-garbage-frames: sink saw %d guest frames" % sink.frames, flush=True)
    return out["sent"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel")
    p.add_argument("--image")
    args = p.parse_args()
    sink = Sink()
    state = {}
    why = None
    sent = 0
    try:
        sent = run(args, sink, state)
    except Failed as e:
        why = str(e)
    except Exception as e:  # a broken helper is a FAIL line, not a traceback only
        why = "%s: %s" % (type(e).__name__, e)
    finally:
        if "client" in state:
            state["client"].conn.close()
        g = state.get("guest")
        if g:
            rc = g.stop(signal.SIGTERM)
            if not why and rc != 143:
                why = "run-qemu exit %r after SIGTERM (want 143)" % rc
        sink.stop()
    if why:
        print("FAIL net-garbage-frames: %s" % why, flush=True)
        return 1
    print("PASS net-garbage-frames (%d frames, %d round trips)" % (
        sent, state["client"].trips), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
