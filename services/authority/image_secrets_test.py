#!/usr/bin/env python3
"""No cleartext dev password in a packed authority image.

usage: image_secrets_test.py SECRETS PACKAGE [--client NAME ...]

Every entry of the boot package (manifest, ELFs, the authority-policy blob)
is searched for every password of SECRETS. The authority-policy blob must
exist and hold PBKDF2 records. `--client NAME` exempts one ELF that plays
the remote user in a test image (authority-probe types the test passwords
the way a person would; it is not part of what the authority stores).
Exit 0 iff nothing is found.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..",
                                "qemu-tests"))
import bootpkg  # noqa: E402


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    secrets, pkg, clients = argv[1], argv[2], set()
    rest = argv[3:]
    while rest:
        if rest[0] != "--client" or len(rest) < 2:
            print("usage error: %r" % rest)
            return 2
        clients.add(rest[1])
        rest = rest[2:]
    if not os.path.isfile(pkg):
        print("FAIL %s missing (build the images first)" % pkg)
        return 1
    data = open(pkg, "rb").read()
    _, entries = bootpkg.parse(data)
    passwords = []
    for line in open(secrets, encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#") and ":" in line:
            passwords.append((line.split(":", 1)[0], line.split(":", 1)[1].encode()))
    failures = 0
    if not passwords:
        print("FAIL no passwords read from %s" % secrets)
        failures += 1
    names = {e["name"]: e for e in entries}
    policy = names.get("authority-policy")
    blob = lambda e: data[e["offset"]:e["offset"] + e["size"]]  # noqa: E731
    if policy is None or b"pbkdf2-sha256$" not in blob(policy):
        print("FAIL no authority-policy blob with PBKDF2 records")
        failures += 1
    for e in entries:
        if e["name"] in clients:
            continue
        for who, pw in passwords:
            if pw in blob(e):
                print("FAIL the password of %s is in entry %s in cleartext" % (who, e["name"]))
                failures += 1
    if failures == 0:
        print("PASS %d dev passwords absent from %d entries of %s (exempt: %s)" % (
            len(passwords), len(entries) - len(clients), os.path.basename(pkg),
            ", ".join(sorted(clients)) or "none"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
