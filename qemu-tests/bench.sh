#!/usr/bin/env bash
# `make bench`: see qemu-tests/bench.py. Env: BUILD (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 qemu-tests/bench.py "$@"
