"""mTLS admission (run_tls.py): the second gateway on guest :2329, whose
port the manifest's authorityPolicy.clientCertificates requires a client
certificate on. The image build made a fresh test client PKI
(tools/test-client-pki, NAME.client-pki/). Python's ssl module presents
each leaf:

- a good one is admitted and its connection served;
- no certificate, another CA's, an expired one, a revoked serial (the
  manifest's deny list) and a server-only one are each refused in the
  handshake, with the TLS 1.2 alert that says which, and the gateway logs
  the reason for that connection; a frame sent after a TLS 1.3 refusal
  gets no answer.

Then remote-session-client logs in with the certificate (`--cert`, its key
as `--identity`): its subject, alice, whose account lists no key, becomes
a publicKey session. The same certificate for another principal is
authDenied (audit certNotForLogin), and on the :2327 gateway, which asks
for no certificate, it proves nothing (audit keyNotAuthorized)."""

import os
import re
import socket
import ssl

import frames


class MtlsProofs:
    def __init__(self, tls, port, pubkey, pki):
        """`pubkey`: run_tls's PubkeyProofs, whose CLI runner this reuses."""
        self.t = tls
        self.port = port
        self.pk = pubkey
        self.pki = pki

    def leaf(self, name):
        return os.path.join(self.pki, name + ".pem"), os.path.join(self.pki, name + ".key")

    def context(self, version, leaf=None):
        ctx = self.t.context(version)
        if leaf:
            ctx.load_cert_chain(*self.leaf(leaf))
        return ctx

    def refused(self, leaf, alert, serial_why):
        """`leaf` (None: no certificate) is refused over TLS 1.2 with
        `alert` (None: any handshake failure) and over TLS 1.3 before any
        frame is answered; the gateway says `serial_why` for each."""
        seen = []
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            mark = self.t.guest.mark()
            raw = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            try:
                try:
                    s = self.context(version, leaf).wrap_socket(raw, server_hostname="localhost")
                except (ssl.SSLError, OSError) as e:
                    # TLS 1.2: the server refuses inside the handshake.
                    if alert:
                        assert alert in str(e), "%s: %s, wanted %s" % (version.name, e, alert)
                    seen.append("%s %s" % (version.name, type(e).__name__))
                else:
                    # TLS 1.3: the client's flight ends the handshake on its
                    # side; the refusal comes as the next record.
                    try:
                        s.sendall(frames.frame("(requestId = 1, authMethods = void)"))
                        got = s.recv(4096)
                        assert not got, "%s: an answer after a refused certificate: %r" % (
                            version.name, got[:60])
                        seen.append("%s closed" % version.name)
                    except (ssl.SSLError, OSError) as e:
                        seen.append("%s %s" % (version.name, type(e).__name__))
                    assert version == ssl.TLSVersion.TLSv1_3, "TLS 1.2 handshake completed"
            finally:
                raw.close()
            line = self.t.guest.wait_for(r"\[gateway-mtls\] tls event=\d+: %s" % re.escape(
                serial_why), 15, since=mark)
            assert line, "%s: the gateway did not log %r" % (version.name, serial_why)
        return "; ".join(seen) + "; gateway: %s" % serial_why

    # -- the handshake ------------------------------------------------------

    def good_certificate_admitted(self):
        out = []
        for version in (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2):
            c = frames.Conn(self.port, tls=self.context(version, "alice"))
            try:
                a = c.call(frames.login_guest(1), 1)
                assert a is not None and a.ok("loggedIn"), "%s guest: %r" % (version.name, a)
                out.append("%s served" % version.name)
            finally:
                c.close()
        return ", ".join(out) + " with alice's certificate"

    def no_certificate_refused(self):
        return self.refused(None, None, "client certificate missing")

    def other_ca_refused(self):
        return self.refused("foreign", "ALERT_UNKNOWN_CA", "client certificate not trusted")

    def expired_refused(self):
        return self.refused("expired", "CERTIFICATE_EXPIRED", "client certificate expired")

    def revoked_refused(self):
        return self.refused("revoked", "CERTIFICATE_REVOKED", "client certificate revoked")

    def server_only_refused(self):
        return self.refused("server-only", "UNSUPPORTED_CERTIFICATE",
                            "client certificate not for clients")

    # -- certificate login (remote-session-client --cert) --------------------

    def run(self, port, *args):
        return self.pk.run(*args, port=port)

    def audit(self, since, principal, what):
        line = self.t.guest.wait_for(r'\[authority\] audit: .*%s.*principal="%s"' % (
            re.escape(what), re.escape(principal)), 15, since=since)
        assert line, "no authority audit %r for %s" % (what, principal)
        return what

    def certificate_login(self):
        cert, key = self.leaf("alice")
        mark = self.t.guest.mark()
        rc, out = self.run(self.port, "--cert", cert, "--identity", key, "--user", "alice",
                           "session-info")
        assert rc == 0 and "principal=alice" in out, "exit %d: %s" % (rc, out.strip()[-300:])
        assert "method=publicKey" in out, "not a key login: %s" % out.strip()[-200:]
        self.audit(mark, "alice", "login-ok method=publicKey")
        return "alice (no authorized key) logged in by her certificate: method=publicKey"

    def certificate_for_another_principal_denied(self):
        cert, key = self.leaf("alice")
        mark = self.t.guest.mark()
        rc, out = self.run(self.port, "--cert", cert, "--identity", key, "--user", "kim",
                           "session-info")
        assert "denied: authDenied" in out and "principal=" not in out, \
            "exit %d: %s" % (rc, out.strip()[-300:])
        return "kim with alice's certificate: authDenied (audit %s)" % self.audit(
            mark, "kim", "reason=certNotForLogin")

    def certificate_not_asked_for_proves_nothing(self):
        cert, key = self.leaf("alice")
        mark = self.t.guest.mark()
        rc, out = self.run(self.t.port, "--cert", cert, "--identity", key, "--user", "alice",
                           "session-info")
        assert "denied: authDenied" in out and "principal=" not in out, \
            "exit %d: %s" % (rc, out.strip()[-300:])
        return ":2327 (no certificate asked for): authDenied (audit %s)" % self.audit(
            mark, "alice", "reason=keyNotAuthorized")

    def cli_without_certificate_gets_a_clear_error(self):
        rc, out = self.run(self.port, "--guest", "session-info")
        assert rc != 0 and "--cert" in out, "exit %d: %s" % (rc, out.strip()[-300:])
        return "exit %d: %s" % (rc, out.strip().splitlines()[-1][-120:])
