#!/usr/bin/env bash
# bench.sh — Brigade as one more column of ../shared/bench (Rust std, crossbeam, flume, Go,
# oneTBB, moodycamel, Boost.Fiber, the naive baseline and the SPSC ring), natively and as wasm,
# in the same rounds. Knobs are the bench's own (ROUNDS, N, NSLOW, ONLY, IMPLS, NO_WASM, ...).
# A benchmark, not a test: run it on a quiet machine and read its load line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${BRIGADE_BENCH_DIR:-$ROOT/../shared/bench}"
[[ -x $BENCH/run.sh ]] || { echo "bench.sh: no harness at $BENCH (set BRIGADE_BENCH_DIR)"; exit 1; }
cd "$ROOT"
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs
# The core's .cpp files, built once per target into a scratch folder.
out="$ROOT/build/bench"
mkdir -p "$out"
srcs=(core/trace/trace.cpp core/chan/src/waiter.cpp core/chan/src/futex.cpp core/chan/src/memory.cpp core/chan/src/panic.cpp)
inc=(-I"$ROOT/core/chan/include" -I"$ROOT/core/trace/include")
g++ -std=c++20 -O3 -DNDEBUG -pthread "${inc[@]}" -c "${srcs[@]}" && ar rcs "$out/libbrigade_core.a" trace.o waiter.o futex.o memory.o panic.o && rm -f trace.o waiter.o futex.o memory.o panic.o
em++ -std=c++20 -O3 -DNDEBUG -pthread "${inc[@]}" -c "${srcs[@]}" && emar rcs "$out/libbrigade_core_wasm.a" trace.o waiter.o futex.o memory.o panic.o && rm -f trace.o waiter.o futex.o memory.o panic.o
CXX_EXTRA_ADAPTER="$ROOT/bench/adapter_brigade.hpp" \
CXX_EXTRA_FLAGS="-std=c++20 ${inc[*]}" CXX_EXTRA_LIBS="$out/libbrigade_core.a" \
EMCC_EXTRA_FLAGS="-std=c++20 ${inc[*]}" EMCC_EXTRA_LIBS="$out/libbrigade_core_wasm.a" \
BENCH_WORK="${BENCH_WORK:-/tmp/brigade-bench}" \
  "$BENCH/run.sh" "$@"
