#!/usr/bin/env bash
# Fetches the Debian source packages the guest is built from (capnproto, cjson,
# http-parser, lwip, mbedtls) through a project-local apt configuration under build/apt/. The
# system's apt sources, lists and caches are never touched: apt gets its own
# source list, state and cache directories, and an empty SourceParts dir.
#
# Every package comes from Debian 12 (bookworm) except mbedtls, which comes
# from Debian 13 (trixie): bookworm's 2.28 line is end of life, trixie carries
# the 3.6 LTS. The source list therefore names both releases (same mirrors and
# keyrings), and each package is fetched at an explicit version, the newest
# one in its release's suites (release, -updates, -security): apt-get source
# would otherwise take the newest of all, and it ignores apt pins.
#
# Result: build/src/{capnproto,cjson,http-parser,lwip,mbedtls} -> extracted
# upstream trees.
# Debian's patches are NOT applied (dpkg-source --skip-patches): the guest
# builds the pristine upstream sources. dpkg-source warns that it cannot check
# the uploader's .dsc signature (debian-keyring is not installed); that is
# expected: apt already verified every file's hash against the signed Release.
# Idempotent: finished steps are skipped; a tree at another upstream version
# than EXPECT (an older checkout's) is replaced, and the old tree removed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APT_DIR=$ROOT/build/apt
SRC_DIR=$ROOT/build/src
DL_DIR=$SRC_DIR/download
PACKAGES=(capnproto cjson http-parser lwip mbedtls)
# Upstream versions the build is written against; a different one is an error.
declare -A EXPECT=([capnproto]=0.9.2 [cjson]=1.7.15 [http-parser]=2.9.4 [lwip]=2.1.3
  [mbedtls]=3.6.6)
# The Debian release each package comes from; the rest come from bookworm.
DEFAULT_RELEASE=bookworm
declare -A RELEASE=([mbedtls]=trixie)
release_of() { echo "${RELEASE[$1]:-$DEFAULT_RELEASE}"; }

log() { echo "[deps] $*"; }

mkdir -p "$APT_DIR"/{state/lists/partial,cache/archives/partial,empty.d,prefs.d} "$DL_DIR"

# deb-src lines with the URIs, suites and keyrings the system itself uses,
# for its bookworm suites and the same suites of every other release named
# in RELEASE (bookworm-security -> trixie-security, ...).
OTHER_RELEASES=$(printf '%s\n' "${RELEASE[@]}" | sort -u | tr '\n' ' ')
write_sources() {
  local sys=/etc/apt/sources.list.d/debian.sources
  if [[ -r $sys ]]; then
    awk -v others="$OTHER_RELEASES" '
      function flush() {
        if (types ~ /deb/ && uris != "") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          opt = signed != "" ? "[signed-by=" signed "] " : ""
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            if (s[j] ~ /^bookworm/) {
              print "deb-src " opt u[i] " " s[j] " " comps
              k = split(others, r, " ")
              for (l = 1; l <= k; l++) {
                suite = s[j]; sub(/^bookworm/, r[l], suite)
                print "deb-src " opt u[i] " " suite " " comps
              }
            }
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
  for rel in $DEFAULT_RELEASE $OTHER_RELEASES; do
    SOURCES+="deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $rel main"$'\n'
  done
  SOURCES=${SOURCES%$'\n'}
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

# Upstream version of an extracted tree (its Debian version without the
# revision and without a +dfsg-style suffix), or nothing.
tree_upstream() {
  local ver
  ver=$(cat "$1/.debian-version" 2>/dev/null) || return 0
  ver=${ver#*:}
  ver=${ver%-*}
  echo "${ver%%+*}"
}
# True when build/src/<p> is a tree at the expected upstream version.
have() { [[ $(tree_upstream "$SRC_DIR/$1") == "${EXPECT[$1]}" ]]; }
have_all() {
  local p
  for p in "${PACKAGES[@]}"; do have "$p" || return 1; done
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

# The newest version of source package $1 in the suites of release $2
# (bookworm, bookworm-updates, bookworm-security, ...), from the lists.
pick_version() {
  local best="" v
  for v in $(apt-cache -c "$APT_DIR/apt.conf" madison "$1" 2>/dev/null |
    awk -F'|' -v rel="$2" '$3 ~ / Sources$/ {
        n = split($3, f, " "); suite = f[n - 1]; sub(/\/.*/, "", suite)
        gsub(/ /, "", $2)
        if (suite == rel || index(suite, rel "-") == 1) print $2
      }'); do
    if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
  done
  echo "$best"
}

download() {
  local p=$1 rel=$2 ver
  ver=$(pick_version "$p" "$rel")
  [[ -n $ver ]] || { echo "no $p source in $rel" >"$DL_DIR/$p.log"; return 1; }
  echo "$ver" >"$DL_DIR/$p.version"
  (cd "$DL_DIR" && "${APT[@]}" source --download-only "$p=$ver" >"$DL_DIR/$p.log" 2>&1)
}

for p in "${PACKAGES[@]}"; do
  have "$p" && continue
  rel=$(release_of "$p")
  log "downloading source package $p ($rel)"
  # Lists from an earlier run may name a version the archive has since
  # replaced (a security upload), or lack a release added since: refresh
  # them once and retry.
  if ! download "$p" "$rel"; then
    ((UPDATED_NOW)) || { update_lists; UPDATED_NOW=1; }
    download "$p" "$rel" || { cat "$DL_DIR/$p.log"; exit 1; }
  fi
  ver=$(cat "$DL_DIR/$p.version")
  ver=${ver#*:}  # file names carry no epoch
  dsc=$DL_DIR/${p}_$ver.dsc
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
  echo "$rel" >"$target/.debian-release"
  # The tree and downloads of a superseded version go; the link moves.
  old=$(readlink "$SRC_DIR/$p" 2>/dev/null || true)
  # A directory where the link belongs (not made by this script) would
  # swallow the new link: it goes too.
  [[ -L $SRC_DIR/$p || ! -e $SRC_DIR/$p ]] || rm -rf "${SRC_DIR:?}/$p"
  ln -sfn "$(basename "$target")" "$SRC_DIR/$p"
  if [[ -n $old && $old != "$(basename "$target")" && $old != */* ]]; then
    old_ver=$(cat "$SRC_DIR/$old/.debian-version" 2>/dev/null || true)
    old_ver=${old_ver#*:}
    log "removing superseded build/src/$old"
    rm -rf "${SRC_DIR:?}/$old"
    if [[ -n $old_ver ]]; then
      rm -f "$DL_DIR/${p}_$old_ver".* "$DL_DIR/${p}_${old_ver%-*}".orig.tar.*
    fi
  fi
done

for p in "${PACKAGES[@]}"; do
  ver=$(cat "$SRC_DIR/$p/.debian-version")
  upstream=$(tree_upstream "$SRC_DIR/$p")
  log "$p $ver (upstream $upstream, $(release_of "$p")) -> build/src/$p"
  if [[ $upstream != "${EXPECT[$p]}" ]]; then
    log "error: $p upstream $upstream, expected ${EXPECT[$p]}" >&2
    exit 1
  fi
done
