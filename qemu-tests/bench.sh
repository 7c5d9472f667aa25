#!/usr/bin/env bash
# `make bench`: see qemu-tests/bench.py. Env: BUILD (default build).
# Exit 0 unless some part could not measure.
set -uo pipefail
cd "$(dirname "$0")/.."
rc=0
python3 qemu-tests/bench.py "$@" || rc=1

# --- echo floor through QEMU forwarding (issue 4): qemu-tests/echo_bench.py
python3 qemu-tests/echo_bench.py || rc=1
# --- end echo floor

exit $rc
