#!/usr/bin/env python3
"""Every interface id in the built authority policies (images/*.policy.json,
written by policy-export) is one the guest's own schemas declare, never one
only the network surface (schema/remote_rpc.capnp) declares. Its Chat once
shadowed the guest's Chat by file order, and every session's chat grant
carried the wrong id (calls denied wrongInterface).

usage: policy_ids_test.py SCHEMA_DIR IMAGES_DIR (run after `images`)
"""
import glob
import json
import os
import re
import sys

REMOTE_ONLY = {"remote_rpc.capnp"}
DECL = re.compile(r"^\s*interface\s+(\w+)\s+@(0x[0-9a-f]+)", re.M)


def declared(schema_dir):
    guest, remote = {}, {}
    for path in sorted(glob.glob(os.path.join(schema_dir, "*.capnp"))):
        into = remote if os.path.basename(path) in REMOTE_ONLY else guest
        with open(path) as f:
            for name, hex_id in DECL.findall(f.read()):
                into[int(hex_id, 16)] = name
    return guest, remote


def ids(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "interfaceId":
                yield int(v)
            else:
                yield from ids(v)
    elif isinstance(node, list):
        for v in node:
            yield from ids(v)


def main(schema_dir, images_dir):
    guest, remote = declared(schema_dir)
    policies = sorted(glob.glob(os.path.join(images_dir, "*.policy.json")))
    if not policies or not guest:
        print("FAIL no policies in %s or no schemas in %s" % (images_dir, schema_dir))
        return 1
    bad, seen = [], 0
    for path in policies:
        with open(path) as f:
            for i in ids(json.load(f)):
                seen += 1
                if i not in guest:
                    where = "remote_rpc.capnp's %s" % remote[i] if i in remote else "no guest schema"
                    bad.append("%s: %#x (%s)" % (os.path.basename(path), i, where))
    if bad:
        print("FAIL " + "; ".join(sorted(set(bad))[:8]))
        return 1
    if seen == 0:
        print("FAIL no interfaceId in any policy")
        return 1
    print("PASS %d interface ids in %d policies, each a guest schema's" % (seen, len(policies)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
