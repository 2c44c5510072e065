#!/usr/bin/env bash
# screenshots.sh — copy the screenshots the tests took (scripts/test.sh) into docs/screenshots/,
# the ones README.md shows. Run it after a green test run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$ROOT/docs/screenshots"
mkdir -p "$out"
browser="$ROOT/tests/browser/artifacts"
for name in scene-mid-run-dark scene-mid-run-light timeline-end-dark timeline-end-light deadlock compile-error phone checked-as-you-type; do
  cp "$browser/$name.png" "$out/$name.png"
done
cp "$ROOT/build/native/artifacts/native-dark.png" "$out/native-dark.png"
ls -l "$out"
