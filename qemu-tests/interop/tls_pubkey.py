"""Public-key login over TLS (run_tls.py): remote-session-client signs the
guest's challenge, bound to the TLS connection by its exporter, with a key
the image build made for the account (`// dev-identity:` in the manifest).
The denial matrix of issue 13 follows: an unknown key, a wrong signature,
a replayed challenge, a challenge from another connection and a disabled
account are each authDenied to the client, and the authority's audit line
names the precise reason (which the client never sees)."""

import hashlib
import os
import re
import subprocess


class PubkeyProofs:
    def __init__(self, tls, cli, identities, workdir):
        self.t = tls
        self.cli = cli
        self.ids = identities
        self.work = workdir
        self.proof = os.path.join(workdir, "alice.proof")
        self.pin = hashlib.sha256(tls.der).hexdigest()

    def run(self, *args, port=None):
        """The CLI against the gateway (`port`: another of the image's
        gateways), trusting its pinned certificate; (exit, output)."""
        argv = [self.cli, "--port", str(port or self.t.port), "--pin", self.pin] + list(args)
        p = subprocess.run(argv, capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
                           env={k: v for k, v in os.environ.items()
                                if not k.startswith("CAPOS_REMOTE_SESSION")})
        out = (p.stdout + p.stderr).decode("utf-8", "replace")
        self.t.log.write("$ %s\n%s[exit %d]\n\n" % (" ".join(argv[1:]), out, p.returncode))
        self.t.log.flush()
        return p.returncode, out

    def audit(self, since, principal, what):
        """Waits for the authority's audit line for `principal` that says
        `what` (e.g. 'reason=badSignature') after serial mark `since`."""
        line = self.t.guest.wait_for(r'audit: .*%s.*principal="%s"' % (
            re.escape(what), re.escape(principal)), 15, since=since)
        if line is None:
            seen = [l for l in self.t.guest.lines[since:] if 'principal="%s"' % principal in l]
            raise AssertionError("no audit %r for %s; saw %r" % (what, principal, seen[-3:]))
        return what

    def denied(self, principal, *args):
        mark = self.t.guest.mark()
        rc, out = self.run(*args)
        assert "denied: authDenied" in out, "exit %d: %s" % (rc, out.strip()[-300:])
        assert "principal=" not in out, "a session was opened: %s" % out.strip()[-200:]
        return mark

    def key(self, who):
        return os.path.join(self.ids, who)

    def login_with_the_accounts_key(self):
        mark = self.t.guest.mark()
        rc, out = self.run("--identity", self.key("alice"), "--user", "alice", "session-info")
        assert rc == 0 and "principal=alice" in out, "exit %d: %s" % (rc, out.strip()[-300:])
        assert "method=publicKey" in out, "not a key login: %s" % out.strip()[-200:]
        self.audit(mark, "alice", "login-ok method=publicKey")
        rc, out = self.run("--guest", "auth-methods")
        assert re.search(r"publicKey\s+enabled", out), "publicKey not offered: %s" % out
        return "alice's session info (method=publicKey); auth-methods lists publicKey enabled"

    def unknown_key_denied(self):
        stranger = os.path.join(self.work, "stranger")
        for f in (stranger, stranger + ".pub"):
            if os.path.exists(f):
                os.remove(f)
        p = subprocess.run([self.cli, "keygen", "--out", stranger], capture_output=True,
                           timeout=60, text=True)
        assert p.returncode == 0 and p.stdout.startswith("ecdsa-sha2-nistp256 "), \
            "keygen: %s" % (p.stdout + p.stderr)
        mark = self.denied("kim", "--identity", stranger, "--user", "kim", "session-info")
        return "kim with a fresh key: authDenied (audit %s)" % self.audit(
            mark, "kim", "reason=keyNotAuthorized")

    def wrong_signature_denied(self):
        rc, out = self.run("--identity", self.key("alice"), "--user", "alice", "session",
                           "--do", "login --public-key --save-proof " + self.proof, "--do", "logout")
        assert rc == 0, "exit %d: %s" % (rc, out.strip()[-300:])
        with open(self.proof) as f:
            principal, key, sig = f.read().split()
        bad = os.path.join(self.work, "alice-badsig.proof")
        with open(bad, "w") as f:
            # The last byte of s: still DER, no longer the signature.
            f.write("%s\n%s\n%s%02x\n" % (principal, key, sig[:-2], int(sig[-2:], 16) ^ 1))
        mark = self.denied("alice", "session", "--do", "login --public-key --send-proof " + bad)
        return "alice's key, a flipped signature byte: authDenied (audit %s)" % self.audit(
            mark, "alice", "reason=badSignature")

    def replayed_challenge_denied(self):
        # One connection: a key login, logout, then the same proof again
        # (the guest has handed out a new nonce for it).
        mark = self.t.guest.mark()
        rc, out = self.run("--identity", self.key("alice"), "--user", "alice", "session",
                           "--do", "login --public-key --save-proof " + self.proof,
                           "--do", "logout",
                           "--do", "login --public-key --send-proof " + self.proof)
        assert out.count("denied: authDenied") == 1, "exit %d: %s" % (rc, out[-400:])
        assert "logged in: principal=alice" in out and "logged out" in out, out[-400:]
        self.audit(mark, "alice", "login-ok method=publicKey")
        why = self.audit(mark, "alice", "reason=badSignature")
        return "the first login's proof, sent again on its connection: authDenied (audit %s)" % why

    def other_connections_challenge_denied(self):
        mark = self.denied("alice", "session", "--do", "login --public-key --send-proof " + self.proof)
        return "a proof from another connection: authDenied (audit %s)" % self.audit(
            mark, "alice", "reason=badSignature")

    def disabled_account_denied(self):
        mark = self.denied("dana", "--identity", self.key("dana"), "--user", "dana", "session-info")
        return "dana's own key, account disabled: authDenied (audit %s)" % self.audit(
            mark, "dana", "reason=accountDisabled")

    def key_file_open_to_others_refused(self):
        loose = os.path.join(self.work, "loose-key")
        with open(self.key("alice"), "rb") as f, open(loose, "wb") as g:
            g.write(f.read())
        os.chmod(loose, 0o644)
        rc, out = self.run("--identity", loose, "--user", "alice", "session-info")
        assert rc != 0 and "readable by others" in out, "exit %d: %s" % (rc, out[-300:])
        assert "principal=" not in out, "logged in with a loose key"
        return out.strip().splitlines()[-1]
