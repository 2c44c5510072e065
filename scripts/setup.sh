#!/usr/bin/env bash
# setup.sh — everything Brigade needs on a fresh Debian 12 machine, idempotent.
#
#   scripts/setup.sh            apt packages, Debian source packages (Dear ImGui 1.86, SDL2 2.26.5)
#                               into .deps/, npm packages for the browser tests
#   BRIGADE_NO_APT=1 ...        never call apt-get (fail with a list of what is missing)
#
# Nothing third-party is committed: the sources land in .deps/ (ignored). A second run checks
# and returns in about a second.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.deps"
say() { echo "[setup] $*"; }

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config python3 git
  emscripten                          # the web build (its nodejs runs the wasm tests)
  libsdl2-dev libgles-dev libegl-dev  # the native window (SDL2 + OpenGL ES 3)
  doctest-dev                         # C++ test framework (header only)
  clang-14 libclang-rt-14-dev         # libFuzzer for the front end's fuzz target
  xvfb xauth imagemagick              # native screenshots, pixel checks
  chromium                            # browser end-to-end tests (driven by playwright-core)
  fonts-inter fonts-jetbrains-mono    # the UI and code fonts, embedded at build time
)
IMGUI_VERSION=1.86
SDL2_VERSION=2.26.5

# ---------------------------------------------------------------- apt packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }
# npm: the machine's own when it has one (a nodesource node ships it and conflicts with
# Debian's npm package), else Debian's.
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  if [[ ${BRIGADE_NO_APT:-0} == 1 || $(id -u) != 0 ]]; then
    say "missing Debian packages: ${missing[*]}"
    say "install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing ${#missing[@]} Debian packages (a few minutes on a fresh machine): ${missing[*]}"
  apt_get update >/dev/null
  apt_get install -y --no-install-recommends "${missing[@]}" >"$ROOT/.deps-apt.log" 2>&1 ||
    { tail -20 "$ROOT/.deps-apt.log"; say "apt-get install failed (log: .deps-apt.log)"; exit 1; }
  rm -f "$ROOT/.deps-apt.log"
fi

# ---------------------------------------------------------------- Debian source packages
# libimgui-dev lacks imgui's .cpp files, and SDL2 must be compiled for wasm from source: both
# come from Debian's source packages, unpacked from their .orig tarballs.
has_deb_src() {
  apt-get indextargets --no-release-info --format '$(TARGET_OF)' 2>/dev/null | grep -qx deb-src
}
fetch_source() { # fetch_source PACKAGE VERSION-GLOB DIR
  local pkg=$1 glob=$2 dir=$3
  [[ -f $DEPS/$dir/.complete ]] && return 0
  if ! has_deb_src; then
    [[ $(id -u) == 0 ]] || { say "no deb-src entry in apt's sources; run this script as root once"; exit 1; }
    # The same archive as the machine's own bookworm 'deb' entry.
    local uri
    uri=$(apt-get indextargets --no-release-info --format '$(TARGET_OF) $(REPO_URI) $(RELEASE)' 2>/dev/null |
          awk '$1=="deb" && $3=="bookworm" {print $2; exit}')
    uri=${uri:-http://deb.debian.org/debian/}
    say "adding a deb-src entry for $uri"
    cat >/etc/apt/sources.list.d/brigade-deb-src.sources <<SRC
Types: deb-src
URIs: $uri
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_get update >/dev/null
  fi
  mkdir -p "$DEPS/download"
  say "fetching Debian source package $pkg"
  (cd "$DEPS/download" && apt-get -q source --download-only "$pkg" >/dev/null 2>&1) ||
    { say "apt-get source $pkg failed"; exit 1; }
  local tarball
  tarball=$(ls "$DEPS"/download/${pkg}_${glob}.orig.tar.* 2>/dev/null | sed -n 1p)
  [[ -n $tarball ]] || { say "no ${pkg}_${glob}.orig tarball in the source package (version changed?)"; exit 1; }
  rm -rf "${DEPS:?}/$dir" "$DEPS/unpack"
  mkdir -p "$DEPS/unpack"
  tar -xf "$tarball" -C "$DEPS/unpack"
  mv "$DEPS"/unpack/* "$DEPS/$dir"
  rmdir "$DEPS/unpack"
  touch "$DEPS/$dir/.complete"
}
fetch_source imgui "${IMGUI_VERSION}*" "imgui-$IMGUI_VERSION"
fetch_source libsdl2 "${SDL2_VERSION}*" "SDL2-$SDL2_VERSION"

# ---------------------------------------------------------------- npm packages
# playwright-core, pinned by the committed lockfile; it drives Debian's /usr/bin/chromium and
# never downloads a browser of its own.
if [[ ! -f $ROOT/tests/browser/node_modules/.package-lock.json ||
      $ROOT/tests/browser/package-lock.json -nt $ROOT/tests/browser/node_modules/.package-lock.json ]]; then
  say "installing npm packages for the browser tests"
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
say "ready (Dear ImGui $IMGUI_VERSION and SDL2 $SDL2_VERSION in .deps/)"
