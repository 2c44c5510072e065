#!/usr/bin/env bash
# test.sh — every test, from a fresh machine: setup, then
#   native     the doctest suites (ctest) and the app rendered under Xvfb
#   asan/tsan  the same suites under AddressSanitizer+UBSan and ThreadSanitizer
#   web        the same suites compiled to wasm, run under node (ctest); and the page's build
#              without pthreads (web-virtual), for pages that are not cross-origin isolated
#   browser    the page in headless Chromium (node --test + playwright-core)
#   fuzz       the front end under libFuzzer + ASan/UBSan for a bounded time (FUZZ_SECONDS, 30)
#   cache      a second build has nothing to do
# Exits non-zero if anything failed; leaves the native binary at build/native/brigade.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh || exit 1
export NODE_PATH=/usr/share/nodejs
passed=0
failed=0
failures=()
step() {  # step NAME COMMAND...
  local name=$1
  shift
  local start=$SECONDS
  echo "[test] $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "[test] $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "[test] $name: FAILED ($((SECONDS - start)) s)"
  fi
}
build() { cmake --preset "$1" >/dev/null && cmake --build --preset "$1"; }
no_work_left() {  # the second build of an unchanged tree reuses everything
  local out
  out=$(cmake --build --preset "$1") && grep -q "no work to do" <<<"$out"
}

step "native build" build native
step "native tests" ctest --preset native
step "asan+ubsan build" build native-asan
step "asan+ubsan tests" ctest --preset native-asan
step "tsan build" build native-tsan
step "tsan tests" env TSAN_OPTIONS=halt_on_error=1 ctest --preset native-tsan
step "web build" build web
step "web build without threads (web-virtual)" build web-virtual
step "web tests (wasm under node)" ctest --preset web
step "browser tests (headless chromium)" bash -c 'cd tests/browser && node --test'
step "front-end fuzzing (${FUZZ_SECONDS:-30} s)" tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
step "native rebuild reuses the build" no_work_left native
step "web rebuild reuses the build" no_work_left web
step "web-virtual rebuild reuses the build" no_work_left web-virtual

echo
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "brigade tests: $passed passed, $failed failed"
((failed == 0))
