#!/usr/bin/env bash
# Fetches the Debian source packages the guest is built from (capnproto, cjson,
# http-parser, lwip, mbedtls) through a project-local apt configuration under build/apt/. The
# system's apt sources, lists and caches are never touched: apt gets its own
# source list, state and cache directories, and an empty SourceParts dir.
#
# Result: build/src/{capnproto,cjson,http-parser,lwip,mbedtls} -> extracted
# upstream trees.
# Debian's patches are NOT applied (dpkg-source --skip-patches): the guest
# builds the pristine upstream sources. dpkg-source warns that it cannot check
# the uploader's .dsc signature (debian-keyring is not installed); that is
# expected: apt already verified every file's hash against the signed Release.
# Idempotent: finished steps are skipped.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APT_DIR=$ROOT/build/apt
SRC_DIR=$ROOT/build/src
DL_DIR=$SRC_DIR/download
PACKAGES=(capnproto cjson http-parser lwip mbedtls)
# Upstream versions the build is written against; a different one is an error.
declare -A EXPECT=([capnproto]=0.9.2 [cjson]=1.7.15 [http-parser]=2.9.4 [lwip]=2.1.3
  [mbedtls]=2.28.3)

log() { echo "[deps] $*"; }

mkdir -p "$APT_DIR"/{state/lists/partial,cache/archives/partial,empty.d,prefs.d} "$DL_DIR"

# deb-src lines with the URIs, suites and keyrings the system itself uses.
write_sources() {
  local sys=/etc/apt/sources.list.d/debian.sources
  if [[ -r $sys ]]; then
    awk '
      function flush() {
        if (types ~ /deb/ && uris != "") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          opt = signed != "" ? "[signed-by=" signed "] " : ""
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            if (s[j] ~ /^bookworm/) print "deb-src " opt u[i] " " s[j] " " comps
        }
        types = uris = suites = comps = signed = ""
      }
      /^[ \t]*$/ { flush(); next }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
      /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^Components:/ { sub(/^Components:[ \t]*/, ""); comps = $0 }
      /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); signed = $0 }
      END { flush() }' "$sys"
  fi
}
SOURCES=$(write_sources)
if [[ -z $SOURCES ]]; then
  SOURCES="deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main"
fi
printf '%s\n' "$SOURCES" >"$APT_DIR/sources.list.new"
if ! cmp -s "$APT_DIR/sources.list.new" "$APT_DIR/sources.list" 2>/dev/null; then
  mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
  rm -f "$APT_DIR/updated.stamp"
else
  rm -f "$APT_DIR/sources.list.new"
fi

cat >"$APT_DIR/apt.conf" <<CONF
Dir::Etc::SourceList "$APT_DIR/sources.list";
Dir::Etc::SourceParts "$APT_DIR/empty.d";
Dir::Etc::Preferences "$APT_DIR/preferences";
Dir::Etc::PreferencesParts "$APT_DIR/prefs.d";
Dir::State "$APT_DIR/state";
Dir::State::status "/var/lib/dpkg/status";
Dir::Cache "$APT_DIR/cache";
APT::Sandbox::User "root";
Acquire::Languages "none";
CONF
APT=(apt-get -q -c "$APT_DIR/apt.conf")

have_all() {
  local p
  for p in "${PACKAGES[@]}"; do [[ -e $SRC_DIR/$p ]] || return 1; done
}

update_lists() {
  log "apt-get update (project-local lists in build/apt/)"
  "${APT[@]}" update >"$APT_DIR/update.log" 2>&1 || { cat "$APT_DIR/update.log"; exit 1; }
  touch "$APT_DIR/updated.stamp"
}
UPDATED_NOW=0
if ! have_all && [[ ! -e $APT_DIR/updated.stamp ]]; then
  update_lists
  UPDATED_NOW=1
fi

for p in "${PACKAGES[@]}"; do
  [[ -e $SRC_DIR/$p ]] && continue
  log "downloading source package $p"
  # Lists from an earlier run may name a version the archive has since
  # replaced (a security upload): refresh them once and retry.
  if ! (cd "$DL_DIR" && "${APT[@]}" source --download-only "$p" >"$DL_DIR/$p.log" 2>&1); then
    ((UPDATED_NOW)) || { update_lists; UPDATED_NOW=1; }
    (cd "$DL_DIR" && "${APT[@]}" source --download-only "$p" >"$DL_DIR/$p.log" 2>&1) ||
      { cat "$DL_DIR/$p.log"; exit 1; }
  fi
  dsc=$(ls -t "$DL_DIR"/"${p}"_*.dsc | head -n1)
  dir=$(basename "$dsc" .dsc)
  ver=${dir#"${p}"_}
  upstream=${ver%-*}
  # apt verified the .dsc and tarball hashes against the signed Release file;
  # dpkg-source re-checks the hashes. Patches are skipped on purpose.
  target=$SRC_DIR/$p-$upstream
  rm -rf "$target"
  log "extracting $p $ver (pristine upstream, Debian patches skipped)"
  dpkg-source --skip-patches -x "$dsc" "$target" >"$DL_DIR/$p.extract.log" 2>&1 ||
    { cat "$DL_DIR/$p.extract.log"; exit 1; }
  # dpkg-source leaves a copy of the orig tarball beside the tree; the
  # download dir already holds one.
  rm -f "$SRC_DIR/${p}_${upstream}".orig.tar.*
  echo "$ver" >"$target/.debian-version"
  ln -sfn "$(basename "$target")" "$SRC_DIR/$p"
done

for p in "${PACKAGES[@]}"; do
  ver=$(cat "$SRC_DIR/$p/.debian-version")
  upstream=${ver%-*}
  upstream=${upstream%%+*}
  log "$p $ver (upstream $upstream) -> build/src/$p"
  if [[ $upstream != "${EXPECT[$p]}" ]]; then
    log "error: $p upstream $upstream, expected ${EXPECT[$p]}" >&2
    exit 1
  fi
done
log "note: mbedTLS 2.28 is the LTS line and is end-of-life (no upstream fixes)."
