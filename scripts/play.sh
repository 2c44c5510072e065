#!/usr/bin/env bash
# play.sh — build the web playground (both builds: with threads, and without for pages that are
# not cross-origin isolated) and serve it at http://127.0.0.1:${PORT:-8080}/ (the tutorial at
# /tutorial.html) until interrupted. Sets up everything first (scripts/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # emcc's JS optimizer needs Debian's acorn
echo "[play] building the web app (the first build takes about two minutes)"
cmake --preset web >/dev/null
cmake --build --preset web --target brigade_web brigade_site
cmake --preset web-virtual >/dev/null
cmake --build --preset web-virtual
echo "[play] the tutorial page: http://127.0.0.1:${PORT:-8080}/tutorial.html"
exec python3 web/serve.py --root build/web/site --port "${PORT:-8080}"
