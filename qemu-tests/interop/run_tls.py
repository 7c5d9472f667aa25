#!/usr/bin/env python3
"""`make run-remote-session-tls`: boots system-remote-session-tls with
tools/run-qemu and proves the gateway's TLS port (issue 13) with clients
nobody here wrote. The gateway prints the SHA-256 of the certificate it
serves, which must be the one the image build packed for keyvault and
the one a client is served. Python's ssl module logs in over TLS 1.3 and
1.2 (guest, password, a wrong password's authDenied, chat between two
sessions), verifying the chain against that certificate and the name
localhost; openssl s_client completes verified TLS 1.3 and 1.2
handshakes (ECDHE-ECDSA only) and refuses the chain without the CA.
TLS 1.0 and 1.1 hellos get a fatal protocol_version alert, a null cipher
a handshake_failure; a plaintext frame, a record that does not decrypt and
half a ClientHello end or hold only their own connection while other
clients log in; 8 clients handshake at once. remote-session-client
trusts the server by --pin or --ca (PEM, DER) and refuses a wrong pin,
another CA and a wrong server name with a message that says which; a
plaintext client is not served. The web UI on :8080 is HTTPS with the
same key: curl gets the page with HSTS, both cookies are Secure, an
http:// Origin is refused and an https:// one logs in, and a plain HTTP
request gets no HTTP answer. rpc-gateway on :2328 serves Cap'n Proto RPC
over TLS: capnp-es on Node's tls runs its pipelined chain (one round trip)
and sees staleSession after logout, openssl verifies the handshake, and
a plaintext Cap'n Proto client is refused. Key custody: after each
handshake every front end scanned all its writable memory and found the
canary it planted but never the key, and only keyvault is granted the
key's resource. The serial log shows no PANIC, FAIL or kill.

Prints one `PASS <proof> ...` / `FAIL <proof>: <why>` line per proof and a
final `N passed, N failed`; exits 0 only if every proof held. Logs go to
BUILD/test-logs/tls/. Env: BUILD, CAPOS_ACCEL (kvm|tcg).
"""

import argparse
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # qemu-tests/: serial_scan

from guest import Guest  # noqa: E402
from run_interop import Report  # noqa: E402
import serial_scan  # noqa: E402
import tls_clients  # noqa: E402
import tls_mtls  # noqa: E402
import tls_pubkey  # noqa: E402
import tls_proofs  # noqa: E402

MANIFEST = "system-remote-session-tls"
READY = [r"keyvault: serving 1 of 1 keys", r"gateway: listening on 2327",
         r"web-ui: listening on 8080", r"rpc-gateway: listening on 2328",
         r"\[gateway-mtls\] gateway: listening on 2329"]
RPC_LINE = re.compile(r"^remote capnp-rpc: tcp 127\.0\.0\.1 (\d+) -> guest :2328")
MTLS_LINE = re.compile(r"^remote CapSet mTLS: tcp 127\.0\.0\.1 (\d+) -> guest :2329")
UI_LINE = re.compile(r"^remote self-served UI: tcp 127\.0\.0\.1 (\d+) -> guest :8080")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--accel", choices=("kvm", "tcg"))
    p.add_argument("--boot-timeout", type=float, default=180)
    args = p.parse_args(argv)
    build = os.environ.get("BUILD") or "build"
    build = build if os.path.isabs(build) else os.path.join(REPO, build)
    host = os.path.join(build, "host")
    image = os.path.join(host, "images", MANIFEST + ".pkg")
    cert = os.path.join(host, "images", MANIFEST + ".certs", "tlsServer.der")
    cli = os.path.join(host, "tools", "remote-session-client", "remote-session-client")
    probe = os.path.join(host, "tools", "rpc-probe", "rpc-probe")
    kernel = os.path.join(host, "kernel", "capos-kernel.bin")
    for what, path in (("boot package", image), ("certificate", cert), ("kernel", kernel),
                       ("CLI", cli), ("rpc-probe", probe)):
        if not os.path.exists(path):
            print("FAIL tls-setup: %s not built (run `make build`)" % what)
            return 1
    logs = os.path.join(build, "test-logs", "tls")
    os.makedirs(logs, exist_ok=True)
    with open(cert, "rb") as f:
        der = f.read()
    report = Report()
    t0 = time.monotonic()
    guest = Guest(REPO, image, kernel, os.path.join(logs, "serial.log"), args.accel)
    try:
        for marker in READY:
            if not guest.wait_for(marker, args.boot_timeout):
                report.fail("tls-ready", "no %r on serial within %.0fs (see %s)" % (
                    marker, args.boot_timeout, "test-logs/tls/serial.log"))
                return 1
        ui = guest.wait_for(UI_LINE.pattern, 1)
        rpc = guest.wait_for(RPC_LINE.pattern, 1)
        mtls = guest.wait_for(MTLS_LINE.pattern, 1)
        if guest.port is None or ui is None or rpc is None or mtls is None:
            report.fail("tls-ready", "run-qemu printed no forwarded ports")
            return 1
        report.ok("tls-ready", "port %d after %.1fs" % (guest.port, time.monotonic() - t0))
        with open(os.path.join(logs, "clients.log"), "w") as log:
            t = tls_proofs.TlsProofs(guest, guest.port, der, logs, log)
            c = tls_clients.CliProofs(t, cli, logs)
            w = tls_clients.WebProofs(t, int(ui.group(1)))
            r = tls_clients.RpcProofs(t, int(rpc.group(1)), probe, cli, os.path.join(
                host, "images", MANIFEST + ".client-pki", "ca.pem"))
            k = tls_clients.CustodyProofs(t, os.path.join(host, "images", MANIFEST + ".json"))
            pk = tls_pubkey.PubkeyProofs(t, cli, os.path.join(host, "images",
                                                              MANIFEST + ".identities"), logs)
            m = tls_mtls.MtlsProofs(t, int(mtls.group(1)), pk, os.path.join(
                host, "images", MANIFEST + ".client-pki"))
            for name, fn in (
                    ("tls-fingerprint-is-the-packed-certificate",
                     t.fingerprint_is_the_packed_certificate),
                    ("tls-python-ssl-tls13-session", t.python_tls13_session),
                    ("tls-python-ssl-tls12-session", t.python_tls12_session),
                    ("tls-resumption-tls13-ticket", t.python_tls13_resumed),
                    ("tls-resumption-tls12-ticket", t.python_tls12_resumed),
                    ("tls-password-login-and-authDenied", t.password_login_and_wrong_password),
                    ("tls-chat-between-sessions", t.chat_between_two_tls_sessions),
                    ("tls-openssl-s_client-tls13-verified", t.openssl_tls13),
                    ("tls-openssl-s_client-tls12-verified", t.openssl_tls12),
                    ("tls-openssl-unknown-ca-refused", t.openssl_wrong_ca_refused),
                    ("tls-tls10-tls11-refused", t.old_versions_refused),
                    ("tls-null-cipher-refused", t.null_cipher_refused),
                    ("tls-plaintext-frame-gets-no-answer", t.plaintext_frame_gets_no_answer),
                    ("tls-bad-record-closes-only-its-connection",
                     t.garbage_after_handshake_closes_only_it),
                    ("tls-truncated-hello-stalls-nobody", t.truncated_hello_stalls_nobody),
                    ("tls-concurrent-handshakes", t.concurrent_handshakes),
                    ("tls-cli-pin-and-ca", c.pin_and_ca_trust),
                    ("tls-cli-wrong-pin-refused", c.wrong_pin_refused),
                    ("tls-cli-other-ca-refused", c.other_ca_refused),
                    ("tls-cli-wrong-name-refused", c.wrong_name_refused),
                    ("tls-cli-plaintext-client-refused", c.plaintext_client_gets_a_clear_error),
                    ("tls-web-curl-page-with-hsts", w.curl_gets_the_page_with_hsts),
                    ("tls-web-secure-cookies-and-https-origin", w.login_with_secure_cookies),
                    ("tls-web-plain-http-refused", w.plain_http_is_refused),
                    ("tls-rpc-capnp-es-over-node-tls", r.capnp_es_over_tls),
                    ("tls-rpc-openssl-s_client", r.openssl_handshake),
                    ("tls-rpc-cli-over-kj-tls", r.cli_over_tls),
                    ("tls-rpc-plaintext-client-refused", r.plaintext_client_refused),
                    ("tls-pubkey-login", pk.login_with_the_accounts_key),
                    ("tls-pubkey-unknown-key-denied", pk.unknown_key_denied),
                    ("tls-pubkey-wrong-signature-denied", pk.wrong_signature_denied),
                    ("tls-pubkey-replayed-challenge-denied", pk.replayed_challenge_denied),
                    ("tls-pubkey-other-connections-challenge-denied",
                     pk.other_connections_challenge_denied),
                    ("tls-pubkey-disabled-account-denied", pk.disabled_account_denied),
                    ("tls-pubkey-loose-key-file-refused", pk.key_file_open_to_others_refused),
                    ("tls-mtls-good-certificate-admitted", m.good_certificate_admitted),
                    ("tls-mtls-no-certificate-refused", m.no_certificate_refused),
                    ("tls-mtls-other-ca-refused", m.other_ca_refused),
                    ("tls-mtls-expired-refused", m.expired_refused),
                    ("tls-mtls-revoked-serial-refused", m.revoked_refused),
                    ("tls-mtls-server-only-certificate-refused", m.server_only_refused),
                    ("tls-mtls-certificate-login", m.certificate_login),
                    ("tls-mtls-certificate-for-another-principal-denied",
                     m.certificate_for_another_principal_denied),
                    ("tls-mtls-certificate-not-asked-for-proves-nothing",
                     m.certificate_not_asked_for_proves_nothing),
                    ("tls-mtls-cli-without-certificate-clear-error",
                     m.cli_without_certificate_gets_a_clear_error),
                    ("tls-key-custody-scans", k.scans_find_the_canary_never_the_key),
                    ("tls-key-custody-grants", k.only_keyvault_is_granted_the_keys)):
                report.proof(name, fn)
    finally:
        status = guest.stop()

    def serial_clean():
        problem = serial_scan.first_problem(guest.lines)
        if problem:
            raise AssertionError(problem)
        return "%d lines, no PANIC, FAIL or kill" % len(guest.lines)

    report.proof("tls-serial-clean", serial_clean)
    print("qemu stopped (run-qemu status %s) after %.0fs" % (status, time.monotonic() - t0))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
