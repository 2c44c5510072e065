#!/bin/bash
# bench/iter_pipeline.sh [ROUNDS] — the iterator benchmark of the README: bench/iter_pipeline.rs
# (sum, filter+count, map+max over 0..5,000,000) by the native CLI and the wasm CLI under node,
# beside CPython running the same pipelines as generator expressions (bench/iter_pipeline.py),
# interleaved round by round. Prints each run's seconds and peak RSS, then the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
measure() {  # measure COMMAND... -> "SECONDS KB"
  /usr/bin/time -f '%e %M' -o /tmp/brigade-iter-time "$@" >/dev/null
  cat /tmp/brigade-iter-time
}
declare -a nt nm wt wm pt pm
for ((r = 1; r <= rounds; r++)); do
  read -r t m < <(measure build/native/brigade run bench/iter_pipeline.rs); nt+=("$t"); nm+=("$m")
  read -r t m < <(measure node --no-experimental-fetch build/web/web/brigade-cli.js run bench/iter_pipeline.rs); wt+=("$t"); wm+=("$m")
  read -r t m < <(measure python3 bench/iter_pipeline.py); pt+=("$t"); pm+=("$m")
  printf 'round %d: brigade %s s %s KB, brigade@wasm %s s %s KB, python3 %s s %s KB\n' "$r" \
    "${nt[-1]}" "${nm[-1]}" "${wt[-1]}" "${wm[-1]}" "${pt[-1]}" "${pm[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf 'median: brigade %s s %s KB, brigade@wasm %s s %s KB (node included), python3 %s s %s KB; brigade/python3 %.2f\n' \
  "$(median "${nt[@]}")" "$(median "${nm[@]}")" "$(median "${wt[@]}")" "$(median "${wm[@]}")" \
  "$(median "${pt[@]}")" "$(median "${pm[@]}")" "$(echo "$(median "${nt[@]}") / $(median "${pt[@]}")" | bc -l)"
