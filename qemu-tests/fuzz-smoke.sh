#!/usr/bin/env bash
# Fuzz smoke: configure a clang build in $BUILD/fuzz with CAPOS_FUZZ=ON, build
# every capos_fuzz_target() and run each for FUZZ_SECONDS (default 10) on a
# persistent corpus in $BUILD/fuzz-corpus/<target>.
# Prints one `PASS fuzz/<t> (<s>s)` or `FAIL fuzz/<t>: <reason>` line per
# target (or `FAIL fuzz-build: ...` if the configure fails, `FAIL
# fuzz-targets: ...` if it lists no target). Exit 0 iff none failed.
# Logs: $BUILD/test-logs/fuzz/.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
fuzz_dir=$BUILD/fuzz
corpus=$BUILD/fuzz-corpus
secs=${FUZZ_SECONDS:-10}
logs=$BUILD/test-logs/fuzz
mkdir -p "$logs" "$corpus"

if ! CC=clang CXX=clang++ cmake -S . -B "$fuzz_dir" -G Ninja -DCAPOS_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$logs/configure.log" 2>&1; then
  echo "FAIL fuzz-build: configure of $fuzz_dir failed (see $logs/configure.log)"
  exit 1
fi

# Written by qemu-tests/CMakeLists.txt: "<target> <binary path>" per line.
list=$fuzz_dir/capos-fuzz-targets-paths.txt
# No targets means the smoke proved nothing (a broken list or a configure
# that dropped them): that is a failure, not a pass.
if ! grep -q '[^[:space:]]' "$list" 2>/dev/null; then
  echo "FAIL fuzz-targets: no fuzz targets in $list (see $logs/configure.log)"
  exit 1
fi

failed=0
while read -r target bin; do
  [[ -n $target ]] || continue
  log=$logs/$target.log
  # Built one at a time so a broken target does not fail the others.
  if ! cmake --build "$fuzz_dir" -j2 --target "$target" >"$log" 2>&1; then
    echo "FAIL fuzz/$target: build failed (see $log)"
    failed=$((failed + 1))
    continue
  fi
  mkdir -p "$corpus/$target"
  start=$(date +%s%N)
  # The outer timeout only guards against a libFuzzer that ignores its own.
  timeout $((secs + 60)) "$bin" -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 "$corpus/$target" >>"$log" 2>&1 </dev/null
  rc=$?
  ds=$((($(date +%s%N) - start) / 100000000))  # tenths of a second
  if ((rc == 0)); then
    echo "PASS fuzz/$target ($((ds / 10)).$((ds % 10))s)"
  else
    reason=$(grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY)' "$log")
    echo "FAIL fuzz/$target: exit $rc ${reason:-(see $log)}"
    failed=$((failed + 1))
  fi
done <"$list"
((failed == 0))
