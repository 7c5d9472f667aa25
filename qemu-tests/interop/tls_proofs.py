"""Proofs of the gateway's TLS port (run_tls.py), with clients nobody here
wrote: Python's ssl module (OpenSSL) for the sessions, the openssl CLI for
the handshakes and refusals, raw bytes for what no client library sends."""

import hashlib
import os
import socket
import ssl
import subprocess
import threading
import time

import frames

# A fatal protocol_version / handshake_failure alert, as TLS 1.2 writes it.
ALERT = 21
PROTOCOL_VERSION = 70
HANDSHAKE_FAILURE = 40


def client_hello(version, suite):
    """A ClientHello record by hand: `version` in the hello, one cipher
    suite, an empty extension list (no supported_versions)."""
    body = bytes([version >> 8, version & 0xff]) + bytes(range(32)) + b"\x00"
    body += bytes([0, 2, suite >> 8, suite & 0xff, 1, 0, 0, 0])
    hs = bytes([1, 0, len(body) >> 8, len(body) & 0xff]) + body
    return bytes([22, 3, 1, len(hs) >> 8, len(hs) & 0xff]) + hs


def read_some(sock, timeout):
    """Bytes until EOF (or `timeout`), and whether the peer closed."""
    sock.settimeout(timeout)
    got = b""
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return got, True
            got += chunk
    except socket.timeout:
        return got, False
    except OSError:
        return got, True


class TlsProofs:
    def __init__(self, guest, port, cert_der, workdir, log):
        self.guest = guest
        self.port = port
        self.der = cert_der
        self.pem = os.path.join(workdir, "gateway-cert.pem")
        with open(self.pem, "w") as f:
            f.write(ssl.DER_cert_to_PEM_cert(cert_der))
        self.log = log

    def context(self, version=None, maximum=None):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(cadata=self.der)
        if version:
            ctx.minimum_version = ctx.maximum_version = version
        if maximum:
            ctx.maximum_version = maximum
        return ctx

    def openssl(self, *args, stdin=b""):
        connect = [] if "-connect" in args else ["-connect", "127.0.0.1:%d" % self.port]
        argv = ["openssl", "s_client"] + connect + ["-servername", "localhost"] + list(args)
        p = subprocess.run(argv, input=stdin, capture_output=True, timeout=60)
        out = (p.stdout + p.stderr).decode("utf-8", "replace")
        self.log.write("$ %s\n%s[exit %d]\n\n" % (" ".join(argv), out, p.returncode))
        self.log.flush()
        return p.returncode, out

    # -- the certificate ----------------------------------------------------

    def fingerprint_is_the_packed_certificate(self):
        m = self.guest.wait_for(r"gateway: TLS 1\.3/1\.2, certificate sha256 ([0-9A-F:]{95})", 1)
        assert m, "the gateway printed no certificate fingerprint"
        printed = m.group(1).replace(":", "").lower()
        packed = hashlib.sha256(self.der).hexdigest()
        assert printed == packed, "serial %s, packed certificate %s" % (printed, packed)
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as raw:
            with self.context().wrap_socket(raw, server_hostname="localhost") as s:
                served = hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest()
        assert served == packed, "served %s, packed %s" % (served, packed)
        return "sha256 %s..., printed = packed = served" % packed[:16]

    # -- sessions over TLS (Python's ssl) -----------------------------------

    def _session(self, version):
        c = frames.Conn(self.port, tls=self.context(version))
        try:
            got = c.sock.version()
            a = c.call(frames.login_guest(1), 1)
            assert a is not None and a.ok("loggedIn"), "guest login: %r" % a
            a = c.call(frames.session_info(2), 2)
            assert a is not None and a.ok("sessionInfo"), "sessionInfo: %r" % a
            a = c.call(frames.logout(3), 3)
            assert a is not None and a.ok("loggedOut"), "logout: %r" % a
            return "%s %s: login, sessionInfo, logout" % (got, c.sock.cipher()[0])
        finally:
            c.close()

    def _resumed(self, version):
        """A ticket from one connection resumes on the next: no certificate
        is sent and no signature asked for, and the session works."""
        ctx = self.context(version)
        a = frames.Conn(self.port, tls=ctx)
        try:
            # A round trip: TLS 1.3's NewSessionTicket follows the handshake.
            r = a.call(frames.auth_methods(1), 1)
            assert r is not None and r.ok("authMethods"), "authMethods: %r" % r
            ticket = a.sock.session
            assert not a.sock.session_reused, "the first connection resumed nothing"
        finally:
            a.close()
        assert ticket is not None and ticket.has_ticket, "no session ticket was issued"
        b = frames.Conn(self.port, tls=ctx, session=ticket)
        try:
            assert b.sock.session_reused, "the ticket was not taken: a full handshake again"
            r = b.call(frames.login_guest(1), 1)
            assert r is not None and r.ok("loggedIn"), "guest login: %r" % r
            return "%s: ticket lifetime %d s; the next connection resumed and logged in" % (
                b.sock.version(), ticket.ticket_lifetime_hint)
        finally:
            b.close()

    def python_tls13_resumed(self):
        return self._resumed(ssl.TLSVersion.TLSv1_3)

    def python_tls12_resumed(self):
        return self._resumed(ssl.TLSVersion.TLSv1_2)

    def python_tls13_session(self):
        return self._session(ssl.TLSVersion.TLSv1_3)

    def python_tls12_session(self):
        return self._session(ssl.TLSVersion.TLSv1_2)

    def password_login_and_wrong_password(self):
        c = frames.Conn(self.port, tls=self.context())
        try:
            a = c.call(frames.login_password(1, "alice", "not her password"), 1)
            assert a is not None and a.denied("authDenied"), "wrong password: %r" % a
            a = c.call(frames.login_password(2, "alice", "correct horse battery staple"), 2)
            assert a is not None and a.ok("loggedIn"), "alice: %r" % a
            return "authDenied, then loggedIn on the same TLS connection"
        finally:
            c.close()

    def chat_between_two_tls_sessions(self):
        a, b = (frames.Conn(self.port, tls=self.context()) for _ in range(2))
        try:
            for conn in (a, b):
                r = conn.call(frames.login_guest(1), 1)
                assert r is not None and r.ok("loggedIn"), "login: %r" % r
                r = conn.call(frames.chat(2, "chatJoin = void"), 2)
                assert r is not None and r.ok("callResult"), "join: %r" % r
            r = a.call(frames.chat_send(3, "over tls"), 3)
            assert r is not None and r.ok("callResult"), "send: %r" % r
            r = b.call(frames.chat(4, "chatPoll = 0"), 4)
            assert r is not None and r.ok("callResult"), "messages: %r" % r
            assert "over tls" in r.text(), "b did not get it: %s" % r.text()
            return "a's message read by b"
        finally:
            a.close()
            b.close()

    # -- handshakes with openssl s_client -----------------------------------

    def _s_client(self, flag, want):
        rc, out = self.openssl(flag, "-CAfile", self.pem, "-verify_return_error",
                               "-verify_hostname", "localhost")
        assert "Verify return code: 0 (ok)" in out, "not verified (exit %d)" % rc
        assert want in out, "no %r in s_client's output" % want
        return "verified, %s" % want

    def openssl_tls13(self):
        return self._s_client("-tls1_3", "New, TLSv1.3")

    def openssl_tls12(self):
        return self._s_client("-tls1_2", "New, TLSv1.2, Cipher is ECDHE-ECDSA-")

    def openssl_wrong_ca_refused(self):
        # The system's trust store does not hold the development key.
        rc, out = self.openssl("-tls1_3", "-verify_return_error")
        assert rc != 0 and "Verify return code: 0 (ok)" not in out, "an unknown CA verified"
        return "unverified chain refused by the client (exit %d)" % rc

    # -- refusals -----------------------------------------------------------

    def _alert_for(self, hello, code):
        mark = self.guest.mark()
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(hello)
            got, closed = read_some(s, 20)
        assert len(got) >= 7 and got[0] == ALERT, "no alert record: %r" % got[:16]
        assert got[6] == code, "alert %d, want %d" % (got[6], code)
        assert closed, "connection still open after the alert"
        return mark

    def old_versions_refused(self):
        notes = []
        for v, name in ((0x0301, "TLS 1.0"), (0x0302, "TLS 1.1")):
            mark = self._alert_for(client_hello(v, 0xc02b), PROTOCOL_VERSION)
            assert self.guest.wait_for(r"tls event=\d+: protocol version refused", 10, mark), \
                "no refusal on serial for %s" % name
            notes.append(name)
        rc, out = self.openssl("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")
        assert rc != 0 and "Cipher is (NONE)" in out or "alert protocol version" in out, \
            "openssl -tls1_1 was not refused"
        return "%s: fatal protocol_version and close; openssl -tls1_1 refused" % \
            " and ".join(notes)

    def null_cipher_refused(self):
        self._alert_for(client_hello(0x0303, 0x003b), HANDSHAKE_FAILURE)
        rc, out = self.openssl("-tls1_2", "-cipher", "NULL-SHA256:@SECLEVEL=0")
        assert rc != 0 and "Cipher is (NONE)" in out, "openssl's null cipher was not refused"
        return "TLS_RSA_WITH_NULL_SHA256: handshake_failure; openssl NULL-SHA256 refused"

    def plaintext_frame_gets_no_answer(self):
        mark = self.guest.mark()
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(frames.frame("(requestId = 1, authMethods = void)"))
            got, closed = read_some(s, 20)
        assert closed, "a plaintext frame kept the connection"
        assert not got or got[0] == ALERT, "a non-alert answer: %r" % got[:16]
        assert self.guest.wait_for(r"tls event=\d+: ", 10, mark), "no tls line on serial"
        return "closed with %s" % ("an alert" if got else "no bytes")

    def garbage_after_handshake_closes_only_it(self):
        c = frames.Conn(self.port, tls=self.context())
        other = frames.Conn(self.port, tls=self.context())
        try:
            a = c.call(frames.login_guest(1), 1)
            assert a is not None and a.ok("loggedIn"), "login: %r" % a
            # A record that does not decrypt, under the TLS layer.
            raw = socket.socket(fileno=os.dup(c.sock.fileno()))
            raw.sendall(bytes([23, 3, 3, 0, 40]) + b"\xee" * 40)
            raw.close()
            got, closed = read_some(c.sock, 20)
            assert closed, "the connection survived a bad record"
            a = other.call(frames.login_guest(1), 1)
            assert a is not None and a.ok("loggedIn"), "another client: %r" % a
            return "bad record MAC closed it; another TLS client logged in"
        finally:
            c.close()
            other.close()

    def truncated_hello_stalls_nobody(self):
        hello = client_hello(0x0303, 0xc02b)
        stuck = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            stuck.sendall(hello[:20])
            t0 = time.monotonic()
            note = self._session(None)
            return "half a ClientHello held open; meanwhile %s in %.1fs" % (
                note, time.monotonic() - t0)
        finally:
            stuck.close()

    def concurrent_handshakes(self):
        n = 8
        errors, times = [], []

        def one():
            t0 = time.monotonic()
            try:
                self._session(None)
                times.append(time.monotonic() - t0)
            except Exception as e:  # collected, reported below
                errors.append(repr(e))

        threads = [threading.Thread(target=one) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, "%d of %d failed: %s" % (len(errors), n, errors[0])
        assert len(times) == n, "%d of %d finished" % (len(times), n)
        return "%d at once, each a TLS 1.3 login/info/logout, slowest %.1fs" % (n, max(times))
