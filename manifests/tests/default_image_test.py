#!/usr/bin/env python3
"""The default boot (manifests/system.cue) is the product, with no test secret.

usage: default_image_test.py --package system.pkg --login system.login
           --secrets dev.secrets --passwd-hash PATH --schema-dir DIR

Checks the boot package `make run` boots, as built:
  - no ELF of a demo, probe or other test service (demo-*, *-probe, ipc-*,
    echo), and the compiled manifest names none;
  - none of the committed development passwords (SECRETS) in cleartext in
    any entry;
  - no PBKDF2 record anywhere in the package accepts any of those passwords
    (each record is checked with passwd-hash --verify);
  - the authority policy has exactly one password account, the local
    operator of NAME.login, plus guest and anonymous, and none of the
    development principals (operator, alice, ...) unless it is that local
    operator itself;
  - the local operator's record accepts the password in its host-only
    password file, and that file is mode 0600-or-stricter.
One `PASS`/`FAIL` line per check; exit 0 iff all passed. Passwords are
never printed.
"""

import argparse
import json
import os
import re
import stat
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..",
                                "qemu-tests"))
import bootpkg  # noqa: E402

TEST_SERVICE = re.compile(r"^(demo-.*|.*-probe|ipc-.*|echo)$")
RECORD = re.compile(rb"pbkdf2-sha256\$[0-9]+\$[0-9a-f]+\$[0-9a-f]+")
PRODUCT_ACCOUNTS = {"guest", "anonymous"}  # plus the local operator

failures = []
passes = []


def check(name, why=None):
    (failures if why else passes).append(name)
    if why:
        print("FAIL default-image-%s: %s" % (name, why), flush=True)
    else:
        print("PASS default-image-%s" % name, flush=True)


def dev_secrets(path):
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#") and ":" in line:
            who, pw = line.split(":", 1)
            out.append((who, pw))
    return out


def verifies(passwd_hash, record, password):
    r = subprocess.run([passwd_hash, "--verify", record], input=(password + "\n").encode(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        raise RuntimeError("passwd-hash --verify: %s" % r.stderr.decode(errors="replace"))
    return r.returncode == 0


def main(argv):
    ap = argparse.ArgumentParser()
    for a in ("--package", "--login", "--secrets", "--passwd-hash", "--schema-dir"):
        ap.add_argument(a, required=True)
    a = ap.parse_args(argv)
    if not os.path.isfile(a.package):
        check("built", "%s missing (build the images first)" % a.package)
        return 1
    data = open(a.package, "rb").read()
    _, entries = bootpkg.parse(data)
    blob = lambda e: data[e["offset"]:e["offset"] + e["size"]]  # noqa: E731
    by_name = {e["name"]: e for e in entries}
    secrets = dev_secrets(a.secrets)
    if not secrets:
        check("dev-secrets-read", "no passwords read from %s" % a.secrets)
        return 1

    elfs = [e["name"] for e in entries if e["kind"] == bootpkg.KIND_ELF]
    bad = [n for n in elfs if TEST_SERVICE.match(n)]
    check("no-test-binaries", bad and "test binaries in the package: %s" % ", ".join(bad))
    manifest = b"".join(blob(e) for e in entries if e["kind"] == bootpkg.KIND_MANIFEST)
    named = sorted({m.decode() for m in re.findall(rb"(demo-[a-z0-9-]+|[a-z0-9-]+-probe)",
                                                   manifest)})
    check("manifest-names-no-test-service",
          named and "the compiled manifest names %s" % ", ".join(named))

    leaks = ["%s's in %s" % (who, e["name"]) for e in entries for who, pw in secrets
             if pw.encode() in blob(e)]
    check("no-dev-password-cleartext", leaks and "development passwords: %s" % "; ".join(leaks))

    records = sorted({r.decode() for e in entries for r in RECORD.findall(blob(e))})
    accepted = ["a record accepts %s's development password" % who
                for rec in records for who, pw in secrets if verifies(a.passwd_hash, rec, pw)]
    check("no-dev-password-hash",
          accepted and "; ".join(accepted) or
          (not records and "no PBKDF2 record at all (is the authority policy missing?)"))

    if not os.path.isfile(a.login):
        check("policy-accounts", "%s missing: the image was not built for a local operator "
              "(does system.cue still declare @tag(operator)?)" % os.path.basename(a.login))
        return 1
    login = json.load(open(a.login))
    operator, pwfile = login["principal"], login["passwordFile"]
    policy = by_name.get("authority-policy")
    if policy is None:
        check("policy-accounts", "no authority-policy entry")
        return 1
    r = subprocess.run(["capnp", "convert", "binary:json", "-I/usr/include",
                        os.path.join(a.schema_dir, "authority.capnp"), "AuthorityPolicy"],
                       input=blob(policy), capture_output=True)
    if r.returncode != 0:
        check("policy-accounts", "capnp cannot decode the policy: %s" % r.stderr.decode())
        return 1
    accounts = json.loads(r.stdout)["accounts"]
    names = [acc["principal"] for acc in accounts]
    with_pw = [acc["principal"] for acc in accounts if acc.get("passwordRecord")]
    dev_names = {who for who, _ in secrets} - {operator}
    why = []
    if with_pw != [operator]:
        why.append("password accounts %r, want only the local operator %r" % (with_pw, operator))
    extra = [n for n in names if n not in PRODUCT_ACCOUNTS | {operator}]
    if extra:
        why.append("accounts beyond the local operator, guest and anonymous: %s" % ", ".join(extra))
    dev = [n for n in names if n in dev_names]
    if dev:
        why.append("development accounts: %s" % ", ".join(dev))
    check("policy-accounts", "; ".join(why))

    st = os.stat(pwfile)
    record = next((acc["passwordRecord"] for acc in accounts if acc["principal"] == operator), "")
    with open(pwfile, encoding="utf-8") as f:
        first = f.readline().rstrip("\n").rstrip("\r")
    why = None
    if st.st_mode & 0o077:
        why = "the password file is mode %04o (group or others can access it)" % (
            st.st_mode & 0o7777)
    elif not record or not verifies(a.passwd_hash, record, first):
        why = "the local operator's record does not accept the password file's first line"
    check("operator-record-matches-password-file", why)
    print("%d passed, %d failed (%d ELFs: %s)" % (len(passes), len(failures), len(elfs),
                                                 ", ".join(elfs)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
