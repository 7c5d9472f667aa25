"""The proofs of issue 9 (the service catalog, launches and the games),
driven through tools/remote-session-client against
system-remote-session-adventure-interop. Each proof returns a note or
raises AssertionError; run_adventure.py prints one PASS/FAIL line each."""

import re
import time

from faults import read_stats

# The Adventure walkthrough (services/adventure-server/README.md): every
# step ok except the locked door, ending with the crown on the throne.
WALK = [("look", "ok"), ("go east", "ok"), ("take lamp", "ok"), ("use lamp", "ok"),
        ("go west", "ok"), ("go north", "ok"), ("go east", "ok"), ("go down", "ok"),
        ("take key", "ok"), ("go up", "ok"), ("go west", "ok"), ("go up", "ok"),
        ("go north", "locked"), ("use key", "ok"), ("go north", "ok"), ("take crown", "ok"),
        ("go south", "ok"), ("go down", "ok"), ("go north", "ok"), ("use crown", "ok")]
COUNTS = ("processes", "objects", "liveSessions")


def expect(cond, why):
    if not cond:
        raise AssertionError(why)


def view(step, kind="adventure"):
    return step.resp.get("callResult", {}).get(kind, {})


def launch_denial(step):
    return step.obj.get("launch") or step.resp.get("denied", {}).get("launch")


class Games:
    def __init__(self, ctx, faults):
        self.c = ctx
        self.cli = ctx.cli
        self.pw = ctx.passwords
        self.g = ctx.guest
        self.faults = faults  # kernel counts (stats-port)

    def as_user(self, who, steps, **kw):
        if who in ("guest", "anonymous"):
            steps = ["login --" + who if x == "login" else x for x in steps]
            return self.cli.run(steps, **kw)
        return self.cli.run(steps, password=self.pw[who], user=who, **kw)

    def start(self, who, steps):
        return self.cli.start(steps, password=self.pw[who], user=who)

    def next_step(self, p, timeout=120):
        s = self.cli.first_line(p, timeout)
        expect(s is not None, "background session printed nothing in %ds" % timeout)
        return s

    def audit(self, since, profile, outcome):
        rx = r"audit: launch event=\d+ profile=%s outcome=%s\b" % (re.escape(profile), outcome)
        m = self.g.wait_for(rx, 20, since)
        expect(m is not None, "no audit line profile=%s outcome=%s" % (profile, outcome))

    # -- catalog ----------------------------------------------------------------

    def catalog(self):
        r = self.as_user("operator", ["login", "services"])
        expect(r.rc == 0 and len(r.steps) == 2 and r[1].ok(), r.brief())
        got = {e["name"]: e for e in r[1].resp.get("serviceCatalog", [])}
        expect(set(got) == {"adventure", "paperclips"}, "catalog %s" % sorted(got))
        adv = got["adventure"]
        expect(adv.get("available") is True, "adventure not available: %s" % adv)
        expect("adventure-worker" in adv.get("binaries", []), "binaries %s" % adv.get("binaries"))
        comp = adv.get("companions", [])
        expect(comp and comp[0].get("binary") == "adventure-npc" and comp[0].get("shared"),
               "companions %s" % comp)
        holders = {g["name"]: g.get("holder") for g in adv.get("grants", [])}
        expect(holders == {"console": "backendHeld", "adventure": "clientFacet",
                           "control": "serviceOwned"}, "grants %s" % holders)
        expect([e.get("capName") for e in adv.get("exports", [])] == ["adventure"],
               "exports %s" % adv.get("exports"))
        pol = adv.get("policy", {})
        expect(int(pol.get("perSessionLimit", 0)) == 1 and int(pol.get("systemLimit", 0)) == 2,
               "policy %s" % pol)
        expect(adv.get("state", "notRunning") == "notRunning", "state %s" % adv.get("state"))
        return "adventure + paperclips, grants/exports/companions/policy described"

    def catalog_guest(self):
        notes = []
        for who in ("guest", "anonymous"):
            r = self.as_user(who, ["login", "services"])
            expect(r.rc == 0 and len(r.steps) == 2 and r[1].ok(), r.brief())
            for e in r[1].resp.get("serviceCatalog", []):
                expect(e.get("available") is not True and e.get("unavailable") == "notPermitted"
                       and "service runner" in e.get("reason", ""),
                       "%s sees %s as %s" % (who, e.get("name"), e))
            notes.append(who)
        return "%s: every profile notPermitted, with the reason" % " and ".join(notes)

    # -- the launch-denial matrix -------------------------------------------------

    def denial_matrix(self):
        ids = self.interface_ids()
        before = read_stats(self.faults.stats_port)
        mark = self.g.mark()
        cases = [
            ("operator", "launch nethack", "unknownProfile", "nethack"),
            ("operator", "launch adventure --binary chat-worker", "disallowedBinary", "adventure"),
            ("operator", "launch adventure --no-grants", "missingGrant", "adventure"),
            ("operator", "launch adventure --grant adventure:%d" % ids["Chat"], "wrongInterface",
             "adventure"),
            ("operator", "launch adventure --grant adventure:%d --grant extra:%d"
             % (ids["Adventure"], ids["Paperclips"]), "unexpectedGrant", "adventure"),
            ("guest", "launch adventure", "notPermitted", "adventure"),
            ("anonymous", "launch paperclips", "notPermitted", "paperclips"),
        ]
        # After logout the session is gone before any launch rule runs.
        r = self.as_user("operator", ["login", "logout", "launch adventure"])
        expect(len(r.steps) == 3 and r[2].denied("staleSession"), "stale: " + r.brief())
        for who, step, want, profile in cases:
            r = self.as_user(who, ["login", step])
            expect(len(r.steps) == 2 and r[1].denied("launchDenied"),
                   "%s %r: %s" % (who, step, r.brief()))
            expect(launch_denial(r[1]) == want, "%s %r: launch denial %s, want %s"
                   % (who, step, launch_denial(r[1]), want))
            expect(r.rc != 0, "%s %r: exit 0 on a denial" % (who, step))
            self.audit(mark, profile, want)
        after = read_stats(self.faults.stats_port)
        expect(after["processes"] == before["processes"],
               "processes %d -> %d across denials" % (before["processes"], after["processes"]))
        expect(not self.g.find_all(r"launched pid", mark),
               "the launcher started something during the denials")
        return "%d denials typed and audited; processes %d before and after" % (
            len(cases), after["processes"])

    def interface_ids(self):
        r = self.as_user("operator", ["login", "services", "capset list"])
        expect(r.rc == 0 and len(r.steps) == 3, r.brief())
        ids = {}
        for e in r[1].resp.get("serviceCatalog", []):
            for g in e.get("grants", []):
                ids[g["interfaceName"]] = int(g["interfaceId"])
        for e in r[2].resp.get("capSet", []):
            ids[e["interfaceName"]] = int(e["interfaceId"])
        expect({"Adventure", "Paperclips", "Chat"} <= set(ids), "ids %s" % ids)
        return ids

    # -- Adventure ----------------------------------------------------------------

    def adventure_story(self):
        """One operator connection: launch, the whole walkthrough, the other
        verbs, bad input, NPC speech through chat, stop. Several proofs read
        its steps."""
        steps = ["login", "launch adventure", "capset list", "status adventure"]
        steps += ["call adventure " + v for v, _ in WALK]
        self.walk_at = len(steps) - len(WALK)
        steps += ["call adventure status", "call adventure inventory", "call adventure drop lamp",
                  "call adventure take lamp", "call adventure say 'the crown is on the throne'",
                  "call adventure go west", "call adventure take unicorn",
                  "call adventure take " + "x" * 10240, "call adventure take 'a\x01b'",
                  "call adventure go sideways", "call adventure dance",
                  "call chat join", "sleep 6", "call chat poll 0", "call adventure who",
                  "stop adventure",
                  "call adventure look", "logout"]
        self.story = self.as_user("operator", steps, timeout=300)
        return self.story

    def _story(self, i):
        expect(len(self.story.steps) > i, "story stopped early: " + self.story.brief()[-300:])
        return self.story[i]

    def launch(self):
        s = self._story(1)
        expect(s.ok(), repr(s))
        st = s.resp.get("serviceState", {})
        expect(st.get("state") == "running" and int(st.get("processes", 0)) >= 1,
               "state %s" % st)
        caps = {e["name"]: e for e in self._story(2).resp.get("capSet", [])}
        expect("adventure" in caps, "adventure not in the CapSet: %s" % sorted(caps))
        desc = {d["name"]: d for d in caps["adventure"].get("descriptors", [])}
        expect({"status", "look", "inventory", "go", "take", "drop", "use", "say",
                "who"} <= set(desc), "descriptors %s" % sorted(desc))
        go = desc["go"].get("params", [{}])[0]
        expect(go.get("type") == "enum" and "north" in go.get("values", []), "go %s" % go)
        expect(caps["adventure"].get("lease", {}).get("sessionBound"), "not session-bound")
        m = self.g.wait_for(r"service: adventure companion pid \d+ started", 30)
        expect(m is not None, "no companion started")
        return "running with %s processes; CapSet entry with %d descriptors" % (
            st.get("processes"), len(desc))

    def walkthrough(self):
        for k, (verb, want) in enumerate(WALK):
            s = self._story(self.walk_at + k)
            v = view(s)
            expect(s.ok() and v.get("outcome") == want, "%r: %s %s" % (verb, s, v))
        v = view(self._story(self.walk_at + len(WALK) - 1))
        expect(v.get("won") is True and int(v.get("score", 0)) == int(v.get("maxScore", -1)),
               "end view %s" % v)
        return "%d verbs; the locked door needed `use key`; score %s/%s, won" % (
            len(WALK), v.get("score"), v.get("maxScore"))

    def other_verbs(self):
        base = self.walk_at + len(WALK)
        got = {}
        for k, name in enumerate(["status", "inventory", "drop", "take", "say", "noexit",
                                  "nosuch"]):
            got[name] = self._story(base + k)
        # `who` comes after the chat wait, when the companions have acted.
        got["who"] = self._story(base + 14)
        expect(view(got["status"]).get("room") == "Throne Room", "status %s" % view(got["status"]))
        expect("lamp" in view(got["inventory"]).get("inventory", []), "inventory")
        expect("lamp" in view(got["drop"]).get("items", []), "drop %s" % view(got["drop"]))
        expect("lamp" in view(got["take"]).get("inventory", []), "take back")
        expect(view(got["say"]).get("outcome") == "ok", "say %s" % view(got["say"]))
        players = view(got["who"]).get("players", [])
        expect(any("Throne Room" in p for p in players) and any("[npc]" in p for p in players),
               "who %s" % players)
        expect(view(got["noexit"]).get("outcome") == "noExit", "go west %s" % view(got["noexit"]))
        expect(view(got["nosuch"]).get("outcome") == "noSuchItem", "take unicorn")
        return "status, inventory, drop, take, say, who; noExit and noSuchItem are typed results"

    def bad_input(self):
        base = self.walk_at + len(WALK) + 7
        big, ctrl, enum, verb = (self._story(base + k) for k in range(4))
        expect(big.denied("malformedRequest"), "10 KB item: %r" % big)
        expect(view(ctrl).get("outcome") == "invalidText", "control char: %s %s" % (ctrl,
                                                                                   view(ctrl)))
        expect(enum.denied("malformedRequest"), "go sideways: %r" % enum)
        expect(verb.denied("methodDenied"), "dance: %r" % verb)
        return "10 KB item malformedRequest, control char invalidText, bad enum, unknown verb"

    def npc_speech(self):
        base = self.walk_at + len(WALK) + 11
        poll = self._story(base + 2)
        msgs = poll.resp.get("callResult", {}).get("chatMessages", {}).get("messages", [])
        npc = [m for m in msgs if m.get("from", "").startswith("npc:")]
        expect(npc, "no npc: message in chat: %s" % msgs[-3:])
        return "%d NPC lines in chat, e.g. %s: %s" % (len(npc), npc[-1]["from"],
                                                      npc[-1]["text"][:40])

    def stop_then_stale(self):
        base = self.walk_at + len(WALK) + 15
        stop, after = self._story(base), self._story(base + 1)
        expect(stop.ok() and stop.resp.get("serviceState", {}).get("state", "notRunning")
               == "notRunning", "stop %r" % stop)
        expect(after.denied("unknownCap"), "call after stop: %r" % after)
        return "stopped; the entry left the CapSet (unknownCap)"

    def two_players(self):
        a = self.start("operator", [
            "login", "launch adventure", "call adventure go west", "call adventure take apple",
            "call adventure go east", "call adventure drop apple", "sleep 45",
            "call adventure look", "logout"])
        try:
            for k in range(6):
                s = self.next_step(a)
                expect(s.ok(), "operator step %d: %r" % (k, s))
            name_a = view(s).get("you")
            b = self.as_user("alice", [
                "login", "launch adventure", "call adventure look", "call adventure take apple",
                "call adventure say 'hello from alice'", "call adventure go west",
                "call adventure drop apple", "logout"], timeout=120)
            expect(b.rc == 0 and len(b.steps) == 8, "alice: " + b.brief())
            look = view(b[2])
            expect(name_a in look.get("others", []) and "apple" in look.get("items", []),
                   "alice sees %s" % look)
            expect("apple" in view(b[3]).get("inventory", []), "alice took %s" % view(b[3]))
            final = self.next_step(a, 120)
            while "callResult" not in final.resp:  # the sleep's own line
                final = self.next_step(a, 120)
            heard = view(final).get("heard", [])
            expect(any("hello from alice" in h.get("text", "") for h in heard),
                   "operator heard %s" % heard)
        finally:
            self.cli.finish(a, kill=True)
        return "%s and alice met in the Courtyard; the dropped apple changed hands; " \
               "the say was heard" % name_a

    def quotas(self):
        hold = ["login", "launch adventure", "sleep 40", "logout"]
        a = self.start("operator", hold)
        b = self.start("alice", hold)
        try:
            for p, who in ((a, "operator"), (b, "alice")):
                self.next_step(p)
                s = self.next_step(p)
                expect(s.ok(), "%s launch: %r" % (who, s))
            before = read_stats(self.faults.stats_port)
            mark = self.g.mark()
            r = self.as_user("operator", ["login", "launch adventure"])
            expect(len(r.steps) == 2 and launch_denial(r[1]) == "systemQuota", r.brief())
            self.audit(mark, "adventure", "systemQuota")
            after = read_stats(self.faults.stats_port)
            expect(after["processes"] == before["processes"], "processes %d -> %d" % (
                before["processes"], after["processes"]))
            r = self.as_user("operator", ["login", "launch paperclips", "launch paperclips"])
            expect(len(r.steps) == 3 and r[1].ok() and launch_denial(r[2]) == "sessionQuota",
                   r.brief())
        finally:
            self.cli.finish(a, kill=True)
            self.cli.finish(b, kill=True)
        return "a third Adventure is systemQuota (limit 2), a second in one session " \
               "sessionQuota; processes unchanged"

    # -- Paperclips ---------------------------------------------------------------

    def paperclips(self):
        steps = ["login", "launch paperclips", "call paperclips status",
                 "call paperclips buyAutoclipper", "call paperclips setPrice 5000"]
        steps += ["call paperclips make"] * 12
        steps += ["sleep 8", "call paperclips status", "call paperclips project improved-autoclippers",
                  "call paperclips project improved-autoclippers", "logout"]
        r = self.as_user("operator", steps, timeout=300)
        expect(len(r.steps) == len(steps) and r[1].ok(), r.brief()[-300:])
        cmds = {c["name"]: c for c in view(r[2], "paperclips").get("commands", [])}
        expect(cmds and all("enabled" in c or "reason" in c for c in cmds.values()),
               "commands %s" % cmds)
        poor = view(r[3], "paperclips")
        expect(poor.get("outcome") == "insufficientFunds", "buy without funds: %s" % poor)
        expect(r[4].denied("malformedRequest"), "price out of bounds: %r" % r[4])
        made = view(r[16], "paperclips")
        expect(int(made.get("clips", 0)) >= 12, "clips after 12 makes: %s" % made)
        last = view(r[18], "paperclips")
        expect(int(last.get("ticks", 0)) > int(made.get("ticks", 0)),
               "the server clock did not advance while idle: %s -> %s"
               % (made.get("ticks"), last.get("ticks")))
        unlocked = view(r[19], "paperclips")
        proj = {p["id"]: p for p in unlocked.get("projects", [])}
        expect(unlocked.get("outcome") == "ok" and proj.get("improved-autoclippers", {}).get("done"),
               "project unlock: %s" % unlocked)
        again = view(r[20], "paperclips")
        expect(again.get("outcome") == "projectDone", "second purchase: %s" % again.get("outcome"))
        return "commands with reasons; insufficientFunds typed; %s clips sold for $%.2f; " \
               "improved-autoclippers unlocked and bought; ticks %s -> %s while idle" % (
                   last.get("clips"), int(last.get("fundsCents", 0)) / 100.0, made.get("ticks"),
                   last.get("ticks"))

    # -- teardown -----------------------------------------------------------------

    def teardown(self):
        note = self.faults.back_to_baseline()
        expect(self.g.find_all(r"service: adventure companions stopped"),
               "no `companions stopped` line")
        expect(not self.g.find_all(r"service: \S+ worker pid \d+ killed"),
               "a game worker had to be killed")
        return note
