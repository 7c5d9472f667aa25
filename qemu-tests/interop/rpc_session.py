"""Issue 11, slice 2: login, Session, CapSet and typed caps over standard
Cap'n Proto RPC, proven with the stock client tools/rpc-probe (Debian's
libcapnp-rpc) against the guest's rpc-gateway. Each proof asserts what the
guest answered; the DTO gateway on the same guest is the reference where
the two front ends must agree. Used by run_rpc.py."""

import os
import re
import subprocess
import threading
import time

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

import rs_wire  # noqa: E402  (qemu-tests/, on the path via run_rpc.py)

MANIFEST = "manifests/system-remote-session-rpc.cue"


def profile_caps(profile):
    """The CapSet entry names the manifest's authority policy grants."""
    text = open(os.path.join(REPO, MANIFEST)).read()
    m = re.search(r'\{name: "%s", class: "\w+"[^\n]*caps: \[(.*?)\n\s*\]\}' % re.escape(profile),
                  text, re.S)
    assert m, "profile %s not in %s" % (profile, MANIFEST)
    return re.findall(r'name: "(\w+)", kind', m.group(1))


def manifest_text(key):
    text = open(os.path.join(REPO, MANIFEST)).read()
    return re.search(r'%s:\s*"([^"]*)"' % key, text).group(1)


class Held:
    """A probe that runs its steps up to `wait`, then holds its connection
    open until release()."""

    def __init__(self, proofs, steps, password=None):
        self.proofs = proofs
        env = dict(os.environ)
        if password is not None:
            env["RPC_PROBE_PASSWORD"] = password
        self.p = subprocess.Popen([proofs.probe_bin, "--port", str(proofs.port)] + steps,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, env=env)
        self.lines = []
        box = []

        def read_ready():
            for raw in self.p.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                if line == "ready":
                    box.append(True)
                    return
                self.lines.append(line)
        t = threading.Thread(target=read_ready, daemon=True)
        t.start()
        t.join(90)
        assert box, "held probe never got ready: %r" % self.lines

    def release(self):
        out, _ = self.p.communicate(b"\n", timeout=60)
        rest = out.decode("utf-8", "replace").splitlines()
        self.proofs.log.write("$ (held) %s\n[exit %d]\n\n" % (
            "\n".join(self.lines + rest), self.p.returncode))
        self.lines += rest
        return self.lines

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


class SessionProofs:
    def __init__(self, proofs):
        self.pr = proofs
        self.passwords = rs_wire.dev_passwords()
        self.max_tries = int(re.search(r"maxAuthTries:\s*(\d+)",
                                       open(os.path.join(REPO, MANIFEST)).read()).group(1))

    def probe(self, steps, password=None):
        env = dict(os.environ)
        if password is not None:
            env["RPC_PROBE_PASSWORD"] = password
        p = subprocess.run([self.pr.probe_bin, "--port", str(self.pr.port)] + steps,
                           capture_output=True, stdin=subprocess.DEVNULL, env=env, timeout=180)
        out = p.stdout.decode("utf-8", "replace")
        self.pr.log.write("$ rpc-probe %s\n%s%s[exit %d]\n\n" % (
            " ".join(steps), out, p.stderr.decode("utf-8", "replace"), p.returncode))
        self.pr.log.flush()
        for secret in self.passwords.values():
            assert secret not in out, "a password crossed back to the client"
        return p.returncode, out.splitlines()

    @staticmethod
    def line(lines, prefix):
        for line in lines:
            if line.startswith(prefix):
                return line
        raise AssertionError("no %r line in %r" % (prefix, lines))

    # --- proofs -----------------------------------------------------------

    def guest_login_and_info(self):
        rc, out = self.probe(["login", "guest", "info"])
        assert rc == 0, "exit %d: %r" % (rc, out)
        login = self.line(out, "login ok ")
        info = self.line(out, "info ")
        assert "principal=guest class=guest profile=guest method=guest" in login, login
        assert info.replace("info ", "login ok ", 1) == login, "%r vs %r" % (info, login)
        assert "live=true" in info and re.search(r"tag=login-\d+", info), info
        return info

    def password_login_lists_the_profile(self):
        want = profile_caps("operator")
        rc, out = self.probe(["login", "password", "operator", "capset"],
                             password=self.passwords["operator"])
        assert rc == 0, "exit %d: %r" % (rc, out)
        login = self.line(out, "login ok ")
        assert "principal=operator class=operator profile=operator method=password" in login, login
        got = [l.split()[1] for l in out if l.startswith("entry ")]
        assert got == want, "capset %r, the profile grants %r" % (got, want)
        # Interfaces are remote_rpc.capnp's, never the guest's own ids.
        kinds = dict((l.split()[1], l.split()[2]) for l in out if l.startswith("entry "))
        assert kinds.get("system_info") == "SystemInfo" and kinds.get("chat") == "Chat", kinds
        assert "c5164bef98ecf572" not in " ".join(out), "the guest's Chat id crossed"
        return "operator: %s" % ", ".join("%s(%s)" % (n, kinds[n]) for n in got)

    def wrong_password_is_auth_denied(self):
        rc, out = self.probe(["login", "password", "operator", "auth-methods"],
                             password="not-the-password")
        assert "login denied authDenied" in out, out
        assert "password enabled" in out, "the connection did not keep serving: %r" % out
        return "LoginResult.denied authDenied, the connection still answers"

    def motd_is_the_dtos(self):
        rc, out = self.probe(["login", "guest", "get", "system_info", "motd", "build-info"])
        assert rc == 0, "exit %d: %r" % (rc, out)
        assert self.line(out, "get system_info ok SystemInfo"), out
        motd = self.line(out, "motd ")[len("motd "):]
        build = self.line(out, "build-info ")[len("build-info "):]
        p = subprocess.run([self.pr.cli, "--port", str(self.pr.dto_port), "--guest", "call",
                            "system_info", "motd"], capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=120)
        dto = p.stdout.decode("utf-8", "replace")
        assert p.returncode == 0 and motd and motd in dto, "rpc %r, dto %r" % (motd, dto)
        assert motd == manifest_text("motd") and build == manifest_text("buildInfo"), (motd, build)
        return "motd %r, as the DTO gateway says it" % motd

    def get_denials_are_typed(self):
        rc, out = self.probe(["login", "guest", "get", "chat", "SystemInfo", "get", "nosuch",
                              "get", "chat", "c5164bef98ecf572", "get", "chat"])
        assert "get chat denied wrongInterface" in out, out
        assert "get nosuch denied unknownCap" in out, out
        assert out.count("get chat denied wrongInterface") == 2, "the guest's own id: %r" % out
        assert self.line(out, "get chat ok Chat"), out
        return "wrongInterface (also for the guest's own Chat id), unknownCap, then ok"

    def anonymous_gets_only_its_profile(self):
        # anonymous holds no chat entry: no Chat cap can be had at all.
        rc, out = self.probe(["login", "anonymous", "get", "chat", "get", "system_info", "motd"])
        assert "get chat denied unknownCap" in out, out
        assert self.line(out, "motd "), out
        return "anonymous: no chat entry (unknownCap), system_info readable"

    def chat_between_sessions(self):
        word = "rpc-hello-%d" % (int(time.time() * 1000) % 100000)
        a = Held(self.pr, ["login", "guest", "get", "chat", "join", "send", word, "wait", "who"])
        try:
            you = re.search(r"you=(\S+)", self.line(a.lines, "join status=ok")).group(1)
            sent = self.line(a.lines, "send sent=1 status=ok")
            rc, out = self.probe(["login", "password", "alice", "get", "chat", "join", "poll",
                                  "0", "who"], password=self.passwords["alice"])
            assert rc == 0, "exit %d: %r" % (rc, out)
            seen = [l for l in out if l.startswith("message ") and l.endswith(" %s: %s" % (you, word))]
            assert seen, "alice's poll did not show %r from %s: %r" % (word, you, out)
            who = self.line(out, "who status=ok")
            assert you in who.split("members=")[1].split(","), who
        finally:
            lines = a.release()
        return "%s (%s) -> alice's poll and who" % (sent, you)

    def logout_revokes(self):
        rc, out = self.probe(["login", "guest", "get", "system_info", "get", "chat", "motd",
                              "logout", "motd", "join", "info", "capset", "logout"])
        assert self.line(out, "motd "), out
        assert "logout ok" in out, out
        stale = [l for l in out if l.endswith("failed: remote exception: staleSession")]
        names = [l.split()[0] for l in stale]
        assert names == ["motd", "join", "info", "capset", "logout"], "after logout: %r" % out
        return "motd, join, info, capset, logout after logout: 'staleSession'"

    def dropping_the_session_keeps_the_login(self):
        rc, out = self.probe(["login", "guest", "get", "system_info", "drop-session", "motd"])
        assert rc == 0 and self.line(out, "motd "), out
        return "the SystemInfo cap still answers with the Session cap released"

    def second_login_revokes_the_first(self):
        rc, out = self.probe(["login", "guest", "get", "system_info", "motd", "login",
                              "password", "alice", "motd", "get", "system_info", "motd", "info"],
                             password=self.passwords["alice"])
        motds = [l for l in out if l.startswith("motd")]
        assert len(motds) == 3, out
        assert motds[0].startswith("motd ") and motds[2].startswith("motd "), motds
        assert motds[1] == "motd failed: remote exception: staleSession", motds
        assert "principal=alice" in self.line(out, "info "), out
        return "guest's SystemInfo stale after alice's login on the same connection"

    def disconnect_revokes(self):
        a = Held(self.pr, ["login", "password", "alice", "get", "chat", "join", "wait"],
                 password=self.passwords["alice"])
        try:
            you = re.search(r"you=(\S+)", self.line(a.lines, "join status=ok")).group(1)
            rc, out = self.probe(["login", "guest", "get", "chat", "join", "who"])
            before = self.line(out, "who status=ok").split("members=")[1].split(",")
            assert you in before, "%s not a member while connected: %r" % (you, before)
        finally:
            a.kill()  # the connection ends without a logout
        deadline = time.monotonic() + 30
        while True:
            rc, out = self.probe(["login", "guest", "get", "chat", "join", "who"])
            after = self.line(out, "who status=ok").split("members=")[1].split(",")
            if you not in after:
                break
            assert time.monotonic() < deadline, "%s still a member 30s after it left" % you
            time.sleep(2)
        return "%s listed while connected, gone from `who` after its connection ended" % you

    def failed_logins_never_lock_out_another(self):
        steps = []
        for _ in range(self.max_tries):
            steps += ["login", "password", "operator"]
        # Twice: on the second connection the source is penalized, so each
        # denial is held before it is answered, and the last one must still
        # arrive before the connection's Abort.
        took = []
        for _ in range(2):
            t = time.monotonic()
            rc, out = self.probe(steps + ["auth-methods"], password="wrong-password")
            took.append("%.1fs" % (time.monotonic() - t))
            denied = [l for l in out if l == "login denied authDenied"]
            assert len(denied) == self.max_tries, "%d denials: %r" % (len(denied), out)
            closed = self.line(out, "auth-methods failed:")
            assert "loginTimeout" in closed or "disconnect" in closed.lower(), closed
        t0 = time.monotonic()
        rc, out = self.probe(["login", "password", "alice", "info"],
                             password=self.passwords["alice"])
        assert rc == 0 and "principal=alice" in self.line(out, "info "), out
        return ("%d failed logins closed each of 2 connections (%s; %s, the second held as a"
                " penalized source); alice logged in %.1fs later") % (
            self.max_tries, closed.split(": ", 1)[1], " and ".join(took), time.monotonic() - t0)
