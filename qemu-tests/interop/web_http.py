#!/usr/bin/env python3
"""HTTP-level security suite for the guest's web UI (services/web-ui/API.md),
run against a booted guest on a forwarded port: the ordered request rules,
the reader's bounds, cookies and their rotation, slow and idle peers, the
WebSocket upgrade and pushes, the security headers on every response kind,
and a forbidden-marker scan over every body and pushed message. With
--cert the port is HTTPS: every connection verifies exactly that
certificate, cookies must be Secure, every response must carry HSTS, and
plain HTTP and a dripped TLS hello are refused too.

Prints one `PASS <proof> (<evidence>)` or `FAIL <proof>: <why>` line per
proof and a final `N passed, N failed`; exits 0 only if every proof held,
1 otherwise, 2 on usage errors. A proof whose evidence never arrives (no
close, no push, no response) fails. Python 3 stdlib only.

Example: python3 qemu-tests/interop/web_http.py --port 8080 \
             --cert build/host/images/system-remote-session-capset-ui.certs/tlsServer.der
"""

import argparse
import os
import sys
import traceback

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from cli import load_markers, scan  # noqa: E402
from web_rules import Rules  # noqa: E402
from web_slow import Slow  # noqa: E402
from web_wire import HSTS, Recorder, Target, expect, tls_context  # noqa: E402

MARKERS = os.path.join(REPO, "services", "lib", "remote-session", "forbidden-markers.txt")
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
CSP_DIRECTIVES = ["default-src 'none'", "script-src 'self'", "style-src 'self'",
                  "img-src 'self'", "connect-src 'self'", "base-uri 'none'",
                  "form-action 'none'", "frame-ancestors 'none'"]
# Response kinds the header proof must have seen (each from its own proof).
KINDS = ("bundle", "api", "notFound", "webDenied", "readerError", "healthz")


class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def proof(self, name, fn):
        try:
            note = fn()
            self.passed += 1
            print("PASS %s%s" % (name, " (%s)" % note if isinstance(note, str) else ""),
                  flush=True)
        except Exception as e:  # a suite bug or a dead guest must still give one line
            self.failed += 1
            why = e if isinstance(e, AssertionError) else "%s: %s" % (type(e).__name__, e)
            print("FAIL %s: %s" % (name, " ".join(str(why).split())), flush=True)
            if not isinstance(e, AssertionError):
                traceback.print_exc(file=sys.stderr)


def security_headers(rec, tls):
    # HSTS only over HTTPS (RFC 6797 8.1: a browser ignores it over http).
    want_hsts = [HSTS] if tls else []
    seen = {}
    for kind, path, r in rec.responses:
        if r.status == 101:
            continue
        seen[kind] = seen.get(kind, 0) + 1
        where = "%s %s %d" % (kind, path[:40], r.status)
        for name, want in HEADERS.items():
            expect(r.get_all(name) == [want], "%s: %s %s" % (where, name, r.get_all(name)))
        hsts = r.get_all("strict-transport-security")
        expect(hsts == want_hsts, "%s: Strict-Transport-Security %s" % (where, hsts))
        csp = r.get_all("content-security-policy")
        expect(len(csp) == 1, "%s: %d CSP headers" % (where, len(csp)))
        expect("unsafe-inline" not in csp[0] and "unsafe-eval" not in csp[0],
               "%s: CSP %r" % (where, csp[0]))
        for d in CSP_DIRECTIVES:
            expect(d in [x.strip() for x in csp[0].split(";")], "%s: CSP lacks %s" % (where, d))
    missing = [k for k in KINDS if k not in seen]
    expect(not missing, "no %s response was received (its proof failed first)" % missing)
    return "%s%s" % (", ".join("%s %d" % kv for kv in sorted(seen.items())),
                     "; HSTS %s on each" % HSTS if tls else "")


def api_no_store(rec):
    api = [(p, r) for k, p, r in rec.responses if k == "api" and p.startswith("/api/")]
    expect(api, "no /api/ response was received")
    for path, r in api:
        cc = ",".join(r.get_all("cache-control"))
        expect("no-store" in cc, "%s %d: Cache-Control %r" % (path, r.status, cc))
    return "%d /api/ responses" % len(api)


def markers(rec):
    fixed = load_markers(MARKERS)
    expect(fixed, "no patterns in %s" % MARKERS)
    texts = [r.text() for _, _, r in rec.responses] + [t for _, t in rec.texts]
    expect(texts, "nothing was received")
    # The session id is the dynamic marker: it lives in Set-Cookie only.
    hits = scan(texts, fixed + sorted(rec.sids), [], None, [])
    where = sorted(set(h[0][:12] for h in hits))
    expect(not hits, "forbidden text in browser-visible bodies: %s" % where)
    return "%d bodies and pushes, %d markers + %d issued ids" % (
        len(texts), len(fixed), len(rec.sids))


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="Limits default to services/lib/http and API.md; "
                                       "pass the service's own if it changes them.")
    p.add_argument("--host", default="127.0.0.1", help="forwarded address (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="forwarded port of guest :8080 (required)")
    p.add_argument("--cert", help="the port is HTTPS with this certificate (DER, the image's "
                                  "NAME.certs/tlsServer.der): trust it alone")
    p.add_argument("--timeout", type=float, default=10.0, help="per-response wait, s")
    p.add_argument("--read-deadline", type=float, default=10.0,
                   help="the service's whole-request read deadline, s (default 10)")
    p.add_argument("--slack", type=float, default=5.0, help="allowed lateness of a close, s")
    p.add_argument("--keep-alive", type=float, default=30.0,
                   help="the service's idle-connection limit, s (default 30)")
    p.add_argument("--drip", type=float, default=0.5, help="seconds between dripped bytes")
    p.add_argument("--serve-timeout", type=float, default=5.0,
                   help="how fast /healthz must answer while others drip or idle, s")
    p.add_argument("--push-timeout", type=float, default=10.0, help="wait for a push, s")
    p.add_argument("--flood", type=int, default=64, help="idle sockets in the flood proof")
    p.add_argument("--max-target", type=int, default=8192)
    p.add_argument("--max-headers", type=int, default=64)
    p.add_argument("--max-header-bytes", type=int, default=16384)
    p.add_argument("--max-body", type=int, default=65536)
    p.add_argument("--bundle-root", help="the built bundle's files (build/host/ui-bundle/root)")
    p.add_argument("--only", action="append", default=[], metavar="PROOF",
                   help="run only these proofs (repeatable; the scans always run)")
    p.add_argument("--list", action="store_true", help="list the proofs and exit")
    args = p.parse_args(argv)
    if args.list:
        return args
    if args.port is None or not 0 < args.port < 65536 or args.drip <= 0 or args.flood < 1:
        p.error("bad --port, --drip or --flood")
    return args


def proofs(rules, slow, tls):
    over_tls = [
        ("plain-http-on-https-port-refused", rules.plain_http_refused),
        ("slow-tls-hello-cut-off", slow.slow_tls_hello),
    ] if tls else []
    return [
        ("healthz-bounded-no-cookie", rules.healthz),
        ("bad-host-421", rules.bad_host),
        ("cross-origin-403", rules.cross_origin),
        ("post-non-json-415-no-backend-call", rules.media_type_415),
        ("csrf-missing-or-mismatched-403", rules.csrf),
        ("oversize-414-431-413", rules.oversize),
        ("chunked-411", rules.chunked),
        ("session-cookie-attributes", rules.cookie_attributes),
        ("guest-login-hello-then-rpc", rules.guest_flow),
        ("rotation-login-relogin-logout-stale-401", rules.rotation),
        ("bundle-files-etag", rules.bundle),
        ("bundle-large-file-streamed-intact", rules.large_file),
        ("not-found-404", rules.not_found),
        ("reused-source-port-after-guest-close", rules.reused_source_port),
        ("websocket-foreign-origin-403", slow.ws_foreign_origin),
        ("websocket-without-session-403", slow.ws_without_session),
        ("websocket-subscribe-push", slow.ws_push),
        ("websocket-logout-push-close", slow.ws_logout_push),
        ("slowloris-headers-deadline", slow.slowloris),
        ("drip-body-deadline", slow.drip_body),
        ("idle-flood-still-served", slow.idle_flood),
    ] + over_tls


def main(argv):
    args = parse(argv)
    limits = {k: getattr(args, k) for k in (
        "read_deadline", "slack", "keep_alive", "drip", "serve_timeout", "push_timeout", "flood",
        "max_target", "max_headers", "max_header_bytes", "max_body", "bundle_root")}
    rec = Recorder()
    tls = tls_context(args.cert) if args.cert else None
    target = Target(args.host, args.port or 0, rec, args.timeout, tls)
    listed = proofs(Rules(target, limits), Slow(target, limits), tls)
    if args.list:
        print("\n".join(n for n, _ in listed))
        return 0
    unknown = set(args.only) - {n for n, _ in listed}
    if unknown:
        print("unknown proof(s): %s (see --list)" % ", ".join(sorted(unknown)), file=sys.stderr)
        return 2
    report = Report()
    for name, fn in listed:
        if not args.only or name in args.only:
            report.proof(name, fn)
    if not args.only:
        report.proof("security-headers-every-response", lambda: security_headers(rec, tls))
        report.proof("api-cache-control-no-store", lambda: api_no_store(rec))
    report.proof("forbidden-marker-scan", lambda: markers(rec))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
