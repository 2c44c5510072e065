#!/bin/bash
# bench/runtime.sh [ROUNDS] — the runtime benchmark of the README: bench/throughput.rs (1,000,000
# integers through sync_channel(1000)) by the native CLI, the wasm CLI under node, and the same
# program built with `rustc -O`, interleaved round by round so that each ratio compares runs made
# side by side (this machine's speed drifts by 2x over minutes). Prints each run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
work=${BENCH_WORK:-/tmp/brigade-bench}/runtime
mkdir -p "$work"
rustc -O --edition 2021 -o "$work/throughput" bench/throughput.rs 2>/dev/null
rate() { sed -n 's/.*msgs\/s=\([0-9.]*\).*/\1/p'; }
declare -a native wasm rust
for ((r = 1; r <= rounds; r++)); do
  n=$(build/native/brigade run bench/throughput.rs | rate)
  w=$(node --no-experimental-fetch build/web/web/brigade-cli.js run bench/throughput.rs | rate)
  c=$("$work/throughput" | rate)
  native+=("$n"); wasm+=("$w"); rust+=("$c")
  printf 'round %d: brigade %.2f M/s, brigade@wasm %.2f M/s, rustc -O %.2f M/s\n' "$r" \
    "$(echo "$n / 1000000" | bc -l)" "$(echo "$w / 1000000" | bc -l)" "$(echo "$c / 1000000" | bc -l)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mn=$(median "${native[@]}"); mw=$(median "${wasm[@]}"); mr=$(median "${rust[@]}")
printf 'median: brigade %.2f M/s, brigade@wasm %.2f M/s (native/wasm %.2fx), rustc -O %.2f M/s (brigade/rustc %.2f)\n' \
  "$(echo "$mn / 1000000" | bc -l)" "$(echo "$mw / 1000000" | bc -l)" "$(echo "$mn / $mw" | bc -l)" \
  "$(echo "$mr / 1000000" | bc -l)" "$(echo "$mn / $mr" | bc -l)"
