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

# --- endpoint IPC round trip (issue 3): scenarios/ipc-bench.scenario boots
# system-ipc-bench; ipc-probe (as ipc-bench) times 100,000 echo calls,
# client CALL -> server RECV/RETURN -> client CQE, with Timer.now.
ipc_log="${BUILD:-build}/test-logs/ipc-bench.log"
if python3 qemu-tests/run_scenario.py qemu-tests/scenarios/ipc-bench.scenario >/dev/null; then
  accel=$(sed -n 's/^# qemu: accelerator //p' "$ipc_log" | head -1)
  rtt=$(sed -n 's/^\[ipc-bench\] bench endpoint-rtt-ns \([0-9]*\).*/\1/p' "$ipc_log")
  total=$(sed -n 's/^\[ipc-bench\] bench endpoint-calls \([0-9]*\) total-ns \([0-9]*\).*/\1 calls in \2 ns/p' "$ipc_log")
  echo "| endpoint round trip ($accel) | $rtt ns/call ($total)"
else
  echo "| endpoint round trip | cannot measure: see $ipc_log"
  rc=1
fi
# --- end endpoint IPC round trip

# --- login latency (issue 3): scenarios/authority.scenario; authority-probe
# prints the mean password-login round trip, PBKDF2 included (5 logins).
auth_log="${BUILD:-build}/test-logs/authority.log"
if python3 qemu-tests/run_scenario.py qemu-tests/scenarios/authority.scenario >/dev/null; then
  accel=$(sed -n 's/^# qemu: accelerator //p' "$auth_log" | head -1)
  ns=$(sed -n 's/^\[authority-probe\] bench login-ns \([0-9]*\).*/\1/p' "$auth_log")
  echo "| login latency, password + PBKDF2 ($accel) | $ns ns/login"
else
  echo "| login latency | cannot measure: see $auth_log"
  rc=1
fi
# --- end login latency

# --- remote-session gateway budgets (issue 5): qemu-tests/remote_session_bench.py
# boots system-echo (the echo p50 the ratios use, this run) and then
# system-remote-session-capset-interop: sessionInfo and chat-send round
# trips, password login, concurrent sessions, gateway heap per session.
python3 qemu-tests/remote_session_bench.py || rc=1
# --- end remote-session gateway budgets

# --- Cap'n Proto RPC (issue 11): qemu-tests/rpc_bench.py boots system-echo
# and then system-remote-session-rpc: Session.info over RPC / echo, a
# pipelined 4-call chain against the same steps as sequential DTO calls,
# the rpc-gateway binary's size.
python3 qemu-tests/rpc_bench.py || rc=1
# --- end Cap'n Proto RPC

# --- TLS (issue 13): qemu-tests/tls_bench.py boots the plaintext gateway
# (system-remote-session-capset-interop) and then the TLS one
# (system-remote-session-tls): sessionInfo TLS / plaintext, full
# handshakes, what a handshake costs other clients, heap per connection.
python3 qemu-tests/tls_bench.py || rc=1
# --- end TLS

# --- games (issue 9): qemu-tests/games_bench.py boots system-echo and then
# system-remote-session-adventure-interop: Adventure launch to running,
# `adventure look` / echo, guest memory per launched game.
python3 qemu-tests/games_bench.py || rc=1
# --- end games

# --- the web UI (issue 10): qemu-tests/web_bench.py boots system-echo and then
# system-remote-session-capset-ui: /healthz requests/s over keep-alive / echo
# transactions/s, login click -> rendered Services view in Chromium, the
# first visit's bytes, the bundle's bytes, guest heap per browser session.
python3 qemu-tests/web_bench.py || rc=1
# --- end web UI

# --- terminals (issue 12): qemu-tests/terminal_bench.py boots system-echo and
# then system-remote-session-terminal: shell output flood to the CLI / echo
# bulk, keystroke echo latency / echo p50, guest memory per terminal.
python3 qemu-tests/terminal_bench.py || rc=1
# --- end terminals

exit $rc
