#!/usr/bin/env bash
# Runs the boot-image pipeline (cmake/image.cmake in script mode, exactly as
# the build does) on manifests:
#   - every manifests/tests/bad-*.cue must fail, and its output must match
#     each "// expect: REGEX" line in the file (CUE's own file:line message);
#   - every manifests/system*.cue must compile to a package, built here from
#     a stand-in static ELF copied under each binary name it mentions; a
#     missing one would fail with mkbootpkg's "missing service binary".
# usage: pipeline_test.sh SRC_DIR WORK_DIR TEST_ELF CMD... (CMD holds the
# placeholders @MANIFEST@ and @ELF_DIR@)
set -u
src=$1 work=$2 elf=$3
shift 3
cmd=("$@")
failures=0 passes=0

run() {  # run MANIFEST ELF_DIR -> output in $out, status in $rc
  local c=("${cmd[@]//@MANIFEST@/$1}")
  c=("${c[@]//@ELF_DIR@/$2}")
  out=$("${c[@]}" 2>&1)
  rc=$?
}

mkdir -p "$work/elfs"
# The default boot (system.cue) hashes its operator's password from here.
(umask 077 && printf 'pipeline-test-operator-pw\n' >"$work/operator.password")
# A manifest whose ELF is absent must fail naming it.
rm -rf "$work/elfs" && mkdir -p "$work/elfs"
run "$src/manifests/system.cue" "$work/elfs"
if [ "$rc" -ne 0 ] && grep -q 'missing service binary "init"' <<<"$out"; then
  passes=$((passes + 1))
else
  echo "FAIL missing ELF was not reported by name"; echo "$out"; failures=$((failures + 1))
fi

for bad in "$src"/manifests/tests/bad-*.cue; do
  run "$bad" "$work/elfs"
  name=${bad#"$src"/}
  ok=1
  if [ "$rc" -eq 0 ]; then
    echo "FAIL $name: pipeline accepted a manifest that violates the schema"
    ok=0
  fi
  while IFS= read -r re; do
    if ! grep -Eq -- "$re" <<<"$out"; then
      echo "FAIL $name: output lacks /$re/"
      ok=0
    fi
  done < <(sed -n 's|^// expect: ||p' "$bad")
  if [ "$ok" -eq 1 ]; then passes=$((passes + 1)); else failures=$((failures + 1)); echo "$out"; fi
done

for m in "$src"/manifests/system*.cue; do
  name=${m#"$src"/}
  rm -rf "$work/elfs" && mkdir -p "$work/elfs"
  # A manifest may take services from the shared compositions in defaults/.
  for b in $(sed -n 's/.*binary: *"\([a-z0-9-]*\)".*/\1/p' "$m" "$src"/manifests/defaults/*.cue); do
    cp "$elf" "$work/elfs/$b"
  done
  run "$m" "$work/elfs"
  if [ "$rc" -eq 0 ] && [ -s "$work/pipeline-test.pkg" ]; then
    passes=$((passes + 1))
  else
    echo "FAIL $name: pipeline failed"
    echo "$out"
    failures=$((failures + 1))
  fi
done

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
