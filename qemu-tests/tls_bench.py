#!/usr/bin/env python3
"""`make bench` rows for TLS on the gateway's port (issue 13).

Boots `system-remote-session-capset-interop` (the plaintext gateway) and
then the default `system` image (the gateway granted keyvault's Signer,
the development PKI's key; not the TLS test image, whose front ends scan
their memory after every handshake), and measures from the host with the
same Python client over both:

- sessionInfo round trip p50/p99 on one logged-in connection, TLS over
  plaintext (target <= 1.3x);
- the full handshake (TCP connect + TLS 1.3, and TLS 1.2) p50/p99, the
  gateway's signature through keyvault included, and the resumed one
  with a session ticket (no certificate, no signature), and the full TLS
  1.3 handshake on the mTLS gateway (:2329) with the operator's client
  certificate;
- sessionInfo p50/p99 on one connection while another client handshakes
  in a loop: what the synchronous signature costs everybody else;
- gateway heap per logged-in connection, TLS and plaintext (the gateway's
  `heap-used` line with 10 guest sessions open, over its idle figure).

Prints `| name | value` rows; never fails on a time, exits 1 only if
something cannot be measured. Env: BUILD, CAPOS_ACCEL.
"""

import os
import re
import signal
import socket
import ssl
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "interop"))
import echo_guest as eg  # noqa: E402
import frames  # noqa: E402

READY = "gateway: listening on 2327"
HEAP_RE = re.compile(r"gateway: sessions=(\d+) conns=(\d+) heap-used=(\d+)")
CALLS, HANDSHAKES, SESSIONS = 300, 30, 10


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def us(xs):
    return "%d / %d us" % (statistics.median(xs) * 1e6, pct(xs, 0.99) * 1e6)


def info_times(conn, n, rid0=10):
    a = conn.call(frames.login_guest(rid0), rid0)
    if a is None or not a.ok("loggedIn"):
        raise RuntimeError("login: %r" % a)
    # Encoded before the clock starts: frames.py encodes with the capnp tool.
    reqs = [frames.frame(frames.session_info(rid0 + 1 + i)) for i in range(n)]
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        conn.send_raw(reqs[i])
        a = conn.answer_for(rid0 + 1 + i, 30)
        times.append(time.perf_counter() - t0)
        if a is None or not a.ok("sessionInfo"):
            raise RuntimeError("sessionInfo: %r" % a)
    return times


def handshakes(port, ctx, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost"):
                times.append(time.perf_counter() - t0)
    return times


def resumptions(port, ctx, n):
    """Resumed handshakes with one ticket (taken after a round trip, when
    TLS 1.3's NewSessionTicket has arrived); each must be a resumption."""
    first = frames.Conn(port, tls=ctx)
    try:
        a = first.call(frames.auth_methods(1), 1)
        if a is None or not a.ok("authMethods"):
            raise RuntimeError("authMethods: %r" % a)
        ticket = first.sock.session
    finally:
        first.close()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost", session=ticket) as s:
                times.append(time.perf_counter() - t0)
                if not s.session_reused:
                    raise RuntimeError("the ticket was not taken (a full handshake)")
    return times


def heap_per_session(g, port, tls):
    """Heap-used growth per logged-in connection, from the gateway's lines."""
    def last_heap():
        with g.cond:
            found = [m for m in map(HEAP_RE.search, g.lines) if m]
        return found[-1] if found else None

    idle = last_heap()
    conns = [frames.Conn(port, tls=tls) for _ in range(SESSIONS)]
    try:
        for c in conns:
            a = c.call(frames.login_guest(1), 1)
            if a is None or not a.ok("loggedIn"):
                raise RuntimeError("login: %r" % a)
        end = time.monotonic() + 10
        while time.monotonic() < end:
            m = last_heap()
            if m and int(m.group(1)) >= SESSIONS:
                break
            time.sleep(0.1)
        if not idle or not m or int(m.group(1)) < SESSIONS:
            raise RuntimeError("no heap-used line with %d sessions" % SESSIONS)
        return (int(m.group(3)) - int(idle.group(3))) / SESSIONS
    finally:
        for c in conns:
            c.close()


def boot(manifest, measure, rows):
    g = eg.Guest(["--manifest", manifest], os.path.join(eg.log_dir(), "tls-bench-%s.log" %
                                                        manifest))
    try:
        fw = g.forwards(120)
        if not fw or not g.saw(READY, 180):
            raise RuntimeError("%s: gateway not ready" % manifest)
        return measure(g, fw[2327], fw.get(2329))
    finally:
        g.stop(signal.SIGTERM)


def main():
    rows, ok = [], True
    build = os.environ.get("BUILD") or os.path.join(os.path.dirname(HERE), "build")
    ca = os.path.join(build, "local", "pki", "ca.pem")
    try:
        if not os.path.exists(ca):
            raise RuntimeError("no development CA %s (make build)" % ca)

        def context(version=None):
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.load_verify_locations(cafile=ca)
            if version:
                ctx.minimum_version = ctx.maximum_version = version
            return ctx

        def plain(g, port, _):
            c = frames.Conn(port)
            try:
                return info_times(c, CALLS), heap_per_session(g, port, None)
            finally:
                c.close()

        def tls(g, port, mtls_port):
            out = {}
            # The default boot's mTLS gateway, with the operator's
            # certificate from the same development PKI.
            mtls = context(ssl.TLSVersion.TLSv1_3)
            mtls.load_cert_chain(os.path.join(os.path.dirname(ca), "operator.pem"),
                                 os.path.join(os.path.dirname(ca), "operator.key"))
            out["mtls13"] = handshakes(mtls_port, mtls, HANDSHAKES)
            c = frames.Conn(port, tls=context())
            try:
                out["info"] = info_times(c, CALLS)
                out["hs13"] = handshakes(port, context(ssl.TLSVersion.TLSv1_3), HANDSHAKES)
                out["hs12"] = handshakes(port, context(ssl.TLSVersion.TLSv1_2), HANDSHAKES)
                out["re13"] = resumptions(port, context(ssl.TLSVersion.TLSv1_3), HANDSHAKES)
                out["re12"] = resumptions(port, context(ssl.TLSVersion.TLSv1_2), HANDSHAKES)
                stop = []
                churn = threading.Thread(target=lambda: [
                    handshakes(port, context(), 1) for _ in iter(lambda: bool(stop), True)])
                churn.start()
                try:
                    out["busy"] = info_times(c, CALLS // 3, rid0=1000)
                finally:
                    stop.append(1)
                    churn.join(60)
            finally:
                c.close()
            out["heap"] = heap_per_session(g, port, context())
            return out

        plain_info, plain_heap = boot("system-remote-session-capset-interop", plain, rows)
        t = boot("system", tls, rows)
        p50_plain, p50_tls = statistics.median(plain_info), statistics.median(t["info"])
        rows.append(("sessionInfo p50 / p99, plaintext (%d)" % CALLS, us(plain_info)))
        rows.append(("sessionInfo p50 / p99, TLS 1.3 (%d)" % CALLS, "%s; %.2fx plaintext p50 "
                     "(target <= 1.3x)" % (us(t["info"]), p50_tls / p50_plain)))
        rows.append(("full handshake p50 / p99, TLS 1.3 (%d)" % HANDSHAKES, us(t["hs13"]) +
                     " (connect + handshake, keyvault signs)"))
        rows.append(("full handshake p50 / p99, TLS 1.2 (%d)" % HANDSHAKES, us(t["hs12"])))
        rows.append(("full handshake p50 / p99, TLS 1.3 with a client certificate (%d)" %
                     HANDSHAKES, "%s; %.2fx without (mTLS on :2329: the chain, dates and "
                     "deny list checked)" % (us(t["mtls13"]), statistics.median(t["mtls13"]) /
                                            statistics.median(t["hs13"]))))
        rows.append(("resumed handshake p50 / p99, TLS 1.3 ticket (%d)" % HANDSHAKES,
                     "%s; %.2fx the full one (psk_dhe_ke: ECDHE, no signature)" % (
                         us(t["re13"]), statistics.median(t["re13"]) / statistics.median(
                             t["hs13"]))))
        rows.append(("resumed handshake p50 / p99, TLS 1.2 ticket (%d)" % HANDSHAKES,
                     "%s; %.2fx the full one" % (us(t["re12"]), statistics.median(
                         t["re12"]) / statistics.median(t["hs12"]))))
        rows.append(("sessionInfo p50 / p99 while another client handshakes (%d)" % (
            CALLS // 3), "%s; p99 %.1fx the quiet p99" % (
                us(t["busy"]), pct(t["busy"], 0.99) / pct(t["info"], 0.99))))
        rows.append(("gateway heap per logged-in connection", "%d B TLS, %d B plaintext" % (
            t["heap"], plain_heap)))
    except (OSError, RuntimeError, ValueError, ssl.SSLError) as e:
        rows.append(("tls bench", "cannot measure: %s" % e))
        ok = False
    for name, value in rows:
        print("| %s | %s" % (name, value), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
