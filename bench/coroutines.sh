#!/bin/bash
# bench/coroutines.sh [ROUNDS] — the coroutine front-end (bench/coroutines.cpp: two coroutines
# on one thread handing off through sync_channel(0) and (1)) beside Go's goroutines doing the
# same through unbuffered channels (bench/pingpong.go), round by round in one run. A benchmark,
# not a test: installs Debian's golang-go when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
work=${BENCH_WORK:-/tmp/brigade-bench}/coroutines
mkdir -p "$work"
command -v go >/dev/null || apt-get install -y golang-go >/dev/null
g++ -std=c++20 -O3 -DNDEBUG -pthread -Icore/chan/include -Icore/trace/include bench/coroutines.cpp \
  core/trace/trace.cpp core/chan/src/waiter.cpp core/chan/src/futex.cpp core/chan/src/memory.cpp core/chan/src/panic.cpp \
  -o "$work/coroutines"
(cd bench && GOCACHE="$work/gocache" go build -o "$work/pingpong" pingpong.go)
for ((r = 1; r <= rounds; r++)); do
  echo "round $r"
  "$work/coroutines"
  echo "go, GOMAXPROCS=1: $(GOMAXPROCS=1 "$work/pingpong")"
  echo "go, GOMAXPROCS=2: $("$work/pingpong")"
done
