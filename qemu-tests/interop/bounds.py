"""Bound proofs (at the limit and one past) and the login denial matrix."""

import re
import time

from cli import raw_connect
from proofs import expect

# (proof name, login step, password key or None, audit reason expected).
# Accounts: manifests/system-remote-session-capset-interop.cue; passwords:
# manifests/secrets/dev.secrets. The interop manifest has no account that
# allows a profile of another class, so the profile/adapter mismatch (a
# guest login asking for an operator profile) ends as profileNotAllowed.
MATRIX = [
    ("login-denied-wrong-password", "login --user operator", "wrong", "badPassword"),
    ("login-denied-unknown-principal", "login --user mallory", "operator", "unknownPrincipal"),
    ("login-denied-disabled", "login --user dana", "dana", "accountDisabled"),
    ("login-denied-locked", "login --user lou", "lou", "accountLocked"),
    ("login-denied-recovery-only", "login --user rita", "rita", "accountRecoveryOnly"),
    ("login-denied-no-profile", "login --user nemo", "nemo", "profileMissing"),
    ("login-denied-wrong-profile", "login --user alice --profile operator", "alice",
     "profileNotAllowed"),
    ("login-denied-retired-profile", "login --user operator --profile old-ops", "operator",
     "profileRetired"),
    ("login-denied-profile-adapter-mismatch", "login --guest --profile operator", None,
     "profileNotAllowed|profileClassMismatch"),
]
# The audit line is the only evidence of *why* a login was denied (the
# client sees authDenied for all of them). Under TCG it can trail the
# reply by seconds, so wait generously, but a proof never passes without it.
AUDIT_WAIT_S = 60.0
FREE_FAILURES = 3  # services/authority/backoff.h kFreeFailures
BASE_DELAY_S = 1.0  # kBaseDelayNs


class Bounds:
    def __init__(self, ctx, story):
        self.c = ctx
        self.cli = ctx.cli
        self.story = story
        self.lim = ctx.limits

    def worker_calls(self):
        n = self.lim["worker_calls"]
        r = self.story.op(["login", "call chat join", "burst %d call chat who" % n,
                           "burst %d call chat who" % (n + 1)])
        at = [s for s in r.steps if s.step == "burst %d call chat who" % n]
        past = [s for s in r.steps if s.step == "burst %d call chat who" % (n + 1)]
        expect(len(at) == n and all(s.ok() for s in at), "at the limit: " + r.brief())
        expect(len(past) == n + 1, "past the limit: " + r.brief())
        over = [s for s in past if s.denied("boundExceeded")]
        expect(over, "%d pipelined calls all answered, none boundExceeded" % (n + 1))
        expect(all(s.ok() or s.denied("boundExceeded") for s in past), r.brief())
        return "%d outstanding ok; %d -> %d boundExceeded" % (n, n + 1, len(over))

    def _transcript_after(self, k):
        steps = []
        while k > 0:
            steps.append("burst %d auth-methods" % min(k, 64))
            k -= min(k, 64)
        r = self.cli.run(steps + ["transcript"])
        expect(r.steps and r.steps[-1].ok(), r.brief())
        return r.steps[-1].resp.get("transcript", [])

    def transcript_ring(self):
        cap = self.lim["transcript"]
        # connect + k authMethods + exportTranscript = k + 2 events.
        at = self._transcript_after(cap - 2)
        expect(len(at) == cap and not any(e["kind"] == "dropped" for e in at),
               "at the limit: %d events, kinds %s" % (len(at), {e["kind"] for e in at}))
        past = self._transcript_after(cap - 1)
        expect(past and past[0]["kind"] == "dropped" and len(past) == cap + 1,
               "past the limit: %d events, first %s" % (len(past), past[:1]))
        return "%d events kept; one past -> %r" % (cap, past[0].get("detail"))

    def _hold_guests(self, n):
        held = []
        for _ in range(n):
            p = self.cli.start(["login --guest", "sleep 120"])
            held.append(p)
            first = self.cli.first_line(p)
            if not first or not first.ok():
                self._release(held)
                raise AssertionError("held guest login %d failed: %r" % (len(held), first))
        return held

    def _release(self, held):
        for p in held:
            self.cli.finish(p, kill=True)
        time.sleep(2)  # the gateway sees the disconnects and logs them out

    def logins_per_principal(self):
        n = self.lim["logins"]
        held = self._hold_guests(n - 1)
        try:
            r = self.cli.run(["login --guest"])
            expect(r.rc == 0, "login %d of %d: %s" % (n, n, r.brief()))
            held += self._hold_guests(1)
            r = self.cli.run(["login --guest"])
            expect(r.steps and r[0].denied("boundExceeded"), "login %d: %s" % (n + 1, r.brief()))
        finally:
            self._release(held)
        return "%d concurrent guest logins ok; %d -> boundExceeded" % (n, n + 1)

    def connections(self):
        n = self.lim["connections"]
        g = self.c.guest
        socks = []
        try:
            mark = g.mark()
            for _ in range(n - 1):
                socks.append(raw_connect(self.cli.port))
            expect(g.wait_for(r"\(%d open\)" % (n - 1), 30, mark), "%d connections not all "
                   "accepted by the gateway" % (n - 1))
            r = self.cli.run(["auth-methods"])
            expect(r.rc == 0, "connection %d: %s" % (n, r.brief()))
            time.sleep(1)
            mark = g.mark()
            socks.append(raw_connect(self.cli.port))
            expect(g.wait_for(r"\(%d open\)" % n, 30, mark), "connection %d not accepted" % n)
            r = self.cli.run(["auth-methods"])
            expect(r.steps and r[0].denied("boundExceeded"), "connection %d: %s" % (n + 1, r.brief()))
        finally:
            for s in socks:
                s.close()
            time.sleep(2)
        return "%d connections served; %d -> boundExceeded" % (n, n + 1)

    def login_matrix(self, report):
        """Each denial is authDenied; the audit (serial) names the reason.
        Source backoff (backoff.h) would blur later reasons into "backoff",
        so the runner waits it out between attempts."""
        failures = 0
        for name, step, who, reasons in MATRIX:
            if failures >= FREE_FAILURES:
                time.sleep(BASE_DELAY_S * (1 << (failures - FREE_FAILURES)) + 0.5)
            mark = self.c.guest.mark()
            pw = self.c.passwords.get(who, "not-the-password") if who else None
            r = self.cli.run([step], password=pw)
            failures += 1
            if not (r.steps and r[0].denied("authDenied") and r.rc == 1):
                report.fail(name, r.brief())
                continue
            audit = self.c.guest.wait_for(r"audit: event=\d+ .*login-denied reason=(\w+)",
                                          AUDIT_WAIT_S, mark)
            seen = audit.group(1) if audit else None
            if not seen:
                report.fail(name, "authDenied, but no login-denied audit line on serial within "
                            "%.0fs (want reason=%s)" % (AUDIT_WAIT_S, reasons))
            elif not re.fullmatch(reasons, seen):
                report.fail(name, "authDenied, but the audit says reason=%s (want %s)"
                            % (seen, reasons))
            else:
                report.ok(name, "authDenied; audit reason=%s" % seen)
