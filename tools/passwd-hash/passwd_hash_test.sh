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

# One principal from a password file (the default boot's local operator).
printf 'pw with space \nignored second line\n' >"$tmp/op.password"
"$tool" --principal jdoe.x --password-file "$tmp/op.password" --out "$tmp/op.cue" --iterations 1000
grep -q '^package manifest$' "$tmp/op.cue" || fail "password-file: package"
grep -q 'pw with space' "$tmp/op.cue" && fail "password-file: cleartext in output"
[[ $(grep -c pbkdf2 "$tmp/op.cue") -eq 1 ]] || fail "password-file: one record"
op=$(sed -n 's/^\t"jdoe.x": "\(.*\)"$/\1/p' "$tmp/op.cue")
printf 'pw with space \n' | "$tool" --verify "$op" || fail "password-file: record"
set +e
printf '\n' >"$tmp/empty.password"
"$tool" --principal jdoe --password-file "$tmp/empty.password" --out "$tmp/x.cue"
[[ $? -eq 2 ]] || fail "password-file: empty accepted"
"$tool" --principal 'bad"name' --password-file "$tmp/op.password" --out "$tmp/x.cue"
[[ $? -eq 2 ]] || fail "password-file: bad principal accepted"
"$tool" --principal jdoe --password-file /nonexistent --out "$tmp/x.cue"
[[ $? -eq 2 ]] || fail "password-file: missing file"
"$tool" --principal jdoe --out "$tmp/x.cue"; [[ $? -eq 2 ]] || fail "password-file: usage"
set -e
echo "passwd-hash: all checks passed"
