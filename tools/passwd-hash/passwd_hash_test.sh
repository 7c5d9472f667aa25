#!/usr/bin/env bash
# passwd-hash: hash then verify, wrong password, bad input, secrets -> CUE.
set -euo pipefail
tool=$1
tmp=$2/passwd-hash-test
mkdir -p "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }

rec=$(printf 'hunter2\n' | "$tool" --iterations 1000)
[[ $rec =~ ^pbkdf2-sha256\$1000\$[0-9a-f]{32}\$[0-9a-f]{64}$ ]] || fail "record shape: $rec"
rec2=$(printf 'hunter2\n' | "$tool" --iterations 1000)
[[ $rec != "$rec2" ]] || fail "salt not random"
printf 'hunter2\n' | "$tool" --verify "$rec" || fail "verify"
set +e
printf 'hunter3\n' | "$tool" --verify "$rec"; [[ $? -eq 1 ]] || fail "wrong password accepted"
printf 'x\n' | "$tool" --verify "pbkdf2-sha256\$1\$00\$00"; [[ $? -eq 2 ]] || fail "bad record"
printf 'x\n' | "$tool" --iterations 5; [[ $? -eq 2 ]] || fail "iterations bound"
"$tool" --secrets /nonexistent --out "$tmp/x.cue"; [[ $? -eq 2 ]] || fail "missing secrets"
printf 'bad name:pw\n' >"$tmp/bad.secrets"
"$tool" --secrets "$tmp/bad.secrets" --out "$tmp/x.cue"; [[ $? -eq 2 ]] || fail "bad principal"
set -e
printf '# dev\nalice:correct horse\n\nbob:b:with:colons\n' >"$tmp/ok.secrets"
"$tool" --secrets "$tmp/ok.secrets" --out "$tmp/ok.cue" --iterations 1000
grep -q '^package manifest$' "$tmp/ok.cue" || fail "package"
grep -q 'correct horse' "$tmp/ok.cue" && fail "cleartext in output"
bob=$(sed -n 's/^\t"bob": "\(.*\)"$/\1/p' "$tmp/ok.cue")
printf 'b:with:colons\n' | "$tool" --verify "$bob" || fail "bob's record"
echo "passwd-hash: all checks passed"
