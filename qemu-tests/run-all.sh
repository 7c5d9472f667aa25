#!/usr/bin/env bash
# `make test` after the build: (a) CTest in $BUILD/host, (b) the fuzz smoke,
# (c) every QEMU scenario. Each CTest test, fuzz target and scenario is one
# check. Ends with exactly one line `N passed, N failed`; exit 0 iff none
# failed. Env: BUILD (default build), FUZZ_SECONDS, CAPOS_ACCEL.
set -uo pipefail
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
host=$BUILD/host
passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Counts `PASS ...` / `FAIL ...` lines of a part's output in $out.
count_lines() {
  passed=$((passed + $(grep -c '^PASS ' "$out")))
  failed=$((failed + $(grep -c '^FAIL ' "$out")))
}

echo "== host unit tests (ctest)"
if [[ -f $host/CTestTestfile.cmake ]]; then
  (cd "$host" && ctest --output-on-failure -j2) 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  # ctest's own summary: "NN% tests passed, F tests failed out of T".
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$out" | tail -1)
  if [[ -n $summary ]]; then
    read -r f t < <(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1 \2/' <<<"$summary")
    passed=$((passed + t - f))
    failed=$((failed + f))
  elif grep -q 'No tests were found' "$out"; then
    echo "ctest: no tests"
  elif ((rc != 0)); then
    echo "FAIL ctest: exit $rc without a summary"
    failed=$((failed + 1))
  fi
else
  echo "FAIL ctest: $host is not configured (run \`make build\` first)"
  failed=$((failed + 1))
fi

echo "== fuzz smoke"
bash qemu-tests/fuzz-smoke.sh 2>&1 | tee "$out"
count_lines

echo "== QEMU scenarios"
shopt -s nullglob
scenarios=(qemu-tests/scenarios/*.scenario)
if ((${#scenarios[@]} == 0)); then
  echo "scenarios: none"
else
  python3 qemu-tests/run_scenario.py "${scenarios[@]}" 2>&1 | tee "$out"
  count_lines
  if ! grep -qE '^(PASS|FAIL) ' "$out"; then
    echo "FAIL scenarios: runner produced no result (see above)"
    failed=$((failed + 1))
  fi
fi

# --- make run forwarding and the echo service (issue 4) ---------------------
echo "== make run port forwarding"
python3 qemu-tests/run_ports_test.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL ports: run_ports_test.py produced no result (see above)"
  failed=$((failed + 1))
fi

# --- the default boot as `make run` gives it (issue 8 item 7) ----------------
echo "== default boot: product only, local operator login"
python3 qemu-tests/default_boot_test.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL default-boot: default_boot_test.py produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end default boot ----------------------------------------------------------

echo "== echo service through the forwarded port"
python3 qemu-tests/echo_test.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL echo: echo_test.py produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end make run forwarding and echo --------------------------------------

# --- garbage frames on the NIC while echo serves (issue 4 item 6) ----------
echo "== echo keeps serving while the NIC receives garbage frames"
python3 qemu-tests/garbage_frames_test.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL net-garbage-frames: garbage_frames_test.py produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end garbage frames ------------------------------------------------------

# --- remote-session CapSet interop (qemu-tests/interop, owned by its runner) ---
# Over TLS (issue 13: the whole story over TLS). The plaintext gateway's
# framing and admission are the same code, and the fault, games and
# terminal suites below drive it in plaintext;
# `make run-remote-session-capset-interop` runs this story in plaintext.
echo "== remote-session CapSet interop over TLS (qemu-tests/interop)"
python3 qemu-tests/interop/run_interop.py --tls 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL interop: runner produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end remote-session CapSet interop ---------------------------------------

# --- remote-session fault suite (issue 8 item 5, qemu-tests/interop/run_faults.py) ---
echo "== remote-session fault suite (qemu-tests/interop/run_faults.py)"
python3 qemu-tests/interop/run_faults.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL faults: runner produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end remote-session fault suite ------------------------------------------

# --- remote-session games (issue 9, qemu-tests/interop/run_adventure.py) ---
echo "== remote-session games interop (qemu-tests/interop/run_adventure.py)"
python3 qemu-tests/interop/run_adventure.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL games: runner produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end remote-session games ------------------------------------------------

# --- terminals (issue 12, qemu-tests/interop/run_terminal.py) ---
echo "== terminals: session-bound shells, resume, followers, the CLI (qemu-tests/interop/run_terminal.py)"
python3 qemu-tests/interop/run_terminal.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL terminal: runner produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end terminals -------------------------------------------------------------

# --- Cap'n Proto RPC (issue 11, qemu-tests/interop/run_rpc.py) ---
echo "== remote session over Cap'n Proto RPC (qemu-tests/interop/run_rpc.py)"
python3 qemu-tests/interop/run_rpc.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL rpc: runner produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end Cap'n Proto RPC -------------------------------------------------------

# --- TLS on the gateway's port (issue 13, qemu-tests/interop/run_tls.py) ---
echo "== remote session over TLS (qemu-tests/interop/run_tls.py)"
python3 qemu-tests/interop/run_tls.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL tls: runner produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end TLS -------------------------------------------------------------------

# --- the self-served web UI (issue 10, qemu-tests/interop/run_ui.py) ---
echo "== self-served web UI (qemu-tests/interop/run_ui.py)"
python3 qemu-tests/interop/run_ui.py 2>&1 | tee "$out"
count_lines
if ! grep -qE '^(PASS|FAIL) ' "$out"; then
  echo "FAIL ui: runner produced no result (see above)"
  failed=$((failed + 1))
fi
# --- end self-served web UI ----------------------------------------------------

echo "$passed passed, $failed failed"
((failed == 0))
