"""Issue 11: a second, independent implementation of the protocol.
tools/rpc-node is a Cap'n Proto RPC client on capnp-es (TypeScript, npm),
sharing no code with the C++ library of rpc-gateway and tools/rpc-probe.
Its pipelined login chain must reach the room (a stock C++ client in
another session reads the line), take one round trip by the socket's own
count, and see its caps revoked after logout. Used by run_rpc.py, with
its Proofs object."""

import json
import os
import re
import subprocess
import time

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CLIENT = os.path.join(REPO, "tools", "rpc-node", "client.mjs")

import rs_wire  # noqa: E402  (qemu-tests/, on the path via run_rpc.py)

# bootstrap, login, capSet, get, join, send (tools/rpc-node/chain.mjs)
CHAIN_CALLS = 6


class NodeProofs:
    def __init__(self, proofs):
        self.pr = proofs
        self.passwords = rs_wire.dev_passwords()

    def client(self, *args, password=None):
        env = dict(os.environ)
        env.pop("RPC_NODE_PASSWORD", None)
        if password is not None:
            env["RPC_NODE_PASSWORD"] = password
        argv = ["node", CLIENT, "--port", str(self.pr.port)] + list(args)
        p = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, env=env,
                           timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        self.pr.log.write("$ rpc-node %s\n%s%s[exit %d]\n\n" % (
            " ".join(args), out, p.stderr.decode("utf-8", "replace"), p.returncode))
        self.pr.log.flush()
        for secret in self.passwords.values():
            assert secret not in out, "a password crossed back to the client"
        lines = [l for l in out.splitlines() if l.startswith("{")]
        assert lines, "rpc-node printed no result (exit %d): %r" % (
            p.returncode, (out + p.stderr.decode("utf-8", "replace"))[-400:])
        return p.returncode, json.loads(lines[-1])

    def poll_room(self, since):
        """The room's lines after `since`, as another session (a stock C++
        client) reads them."""
        steps = ["login", "guest", "get", "chat", "join", "poll", str(since)]
        p = subprocess.run([self.pr.probe_bin, "--port", str(self.pr.port)] + steps,
                           capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        self.pr.log.write("$ rpc-probe %s\n%s[exit %d]\n\n" % (" ".join(steps), out,
                                                                p.returncode))
        assert p.returncode == 0, "rpc-probe: exit %d: %r" % (p.returncode, out[-300:])
        return [l for l in out.splitlines() if l.startswith("message ")]

    # --- proofs -----------------------------------------------------------

    def pipelined_send_reaches_another_session(self):
        word = "node-hello-%d" % (int(time.time() * 1000) % 100000)
        rc, r = self.client("--text", word)
        assert rc == 0 and r.get("ok"), "rpc-node: %r" % r
        assert r["login"] == {"principal": "guest", "profile": "guest", "method": "guest"}, r
        assert r["get"] == {"interfaceName": "Chat"}, r
        assert r["send"]["sent"] is True and r["send"]["status"] == "ok", r
        you = r["join"]["you"]
        line = "message %s %s: %s" % (r["send"]["seq"], you, word)
        seen = self.poll_room(int(r["send"]["seq"]) - 1)
        assert line in seen, "another session's poll lacks %r: %r" % (line, seen[-5:])
        return "%s sent seq %s through the pipelined chain; a C++ client polled %r" % (
            you, r["send"]["seq"], line)

    def chain_takes_one_round_trip(self):
        rc, piped = self.client()
        assert rc == 0, "rpc-node: %r" % piped
        chain = piped["chain"]
        assert chain["calls"] == CHAIN_CALLS, chain
        assert chain["writtenBeforeFirstAnswer"] == CHAIN_CALLS, chain
        assert chain["roundTrips"] == 1, "the pipelined chain took %d round trips: %r" % (
            chain["roundTrips"], chain)
        # The same count, one answer awaited per call: it must see them.
        rc, seq = self.client("--sequential")
        assert rc == 0, "rpc-node --sequential: %r" % seq
        assert seq["chain"]["roundTrips"] == CHAIN_CALLS - 1, seq["chain"]
        return ("%d calls written before the first answer: 1 round trip, %.1f ms "
                "(awaiting each: %d round trips, %.1f ms)" % (
                    chain["writtenBeforeFirstAnswer"], chain["ms"],
                    seq["chain"]["roundTrips"], seq["chain"]["ms"]))

    def password_login_over_capnp_es(self):
        rc, r = self.client("--principal", "alice", password=self.passwords["alice"])
        assert rc == 0 and r.get("ok"), "rpc-node: %r" % r
        assert r["login"] == {"principal": "alice", "profile": "user", "method": "password"}, r
        assert r["chain"]["roundTrips"] == 1, r["chain"]
        rc, bad = self.client("--principal", "alice", password="not-the-password")
        assert rc != 0 and bad["login"] == {"denied": "authDenied"}, bad
        # The chain's later calls targeted a Session that never came.
        assert "failed" in bad["send"], bad
        return "alice (password from the environment); a wrong one: typed authDenied"

    def revocation_after_logout(self):
        rc, r = self.client()
        assert r.get("logout") == "ok", r
        err = r.get("afterLogout", {}).get("error", "")
        assert re.search(r"\bstaleSession\b", err), "after logout: %r" % r.get("afterLogout")
        assert rc == 0, r
        return "Chat.who on the old cap: %r" % err
