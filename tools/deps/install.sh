#!/usr/bin/env bash
# One-time machine set-up for a fresh Debian 12 (run as root by `make deps`):
# Debian packages, the fetched dependency sources (fetch-sources.sh), and the
# npm packages pinned by package-lock.json. Safe to run again: apt and npm
# skip what is already there, fetch-sources.sh skips finished steps.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
log() { echo "[deps] $*"; }

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "[deps] run as root (apt-get install)" >&2; exit 1; }
  SUDO=(sudo)
fi

PACKAGES=(
  # guest + host toolchain
  g++ clang lld llvm libclang-rt-14-dev cmake ninja-build make python3
  # Cap'n Proto compiler and full host library; GoogleTest for host tests
  capnproto libcapnp-dev libgtest-dev googletest
  # source packages: apt-get source + dpkg-source, xz/gz unpacking, gpgv
  dpkg-dev xz-utils gpgv debian-archive-keyring ca-certificates
  # running the guest
  qemu-system-x86 git
  # the browser test (qemu-tests/ui): headless Chromium, driven by the npm
  # playwright-core below (it never downloads a browser); fonts for screenshots
  chromium fonts-dejavu-core
  # TLS interop with clients nobody here wrote (qemu-tests/interop/run_tls.py)
  openssl curl
)
command -v node >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt-get update"
  "${SUDO[@]}" apt-get update -q >/dev/null
  log "apt-get install ${missing[*]} (slow on a fresh machine)"
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  log "Debian packages already installed"
fi

log "fetching dependency sources"
"${SUDO[@]}" bash "$ROOT/tools/deps/fetch-sources.sh"

if [[ -f $ROOT/package-lock.json ]]; then
  log "npm ci (node_modules from package-lock.json)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
log "done"
