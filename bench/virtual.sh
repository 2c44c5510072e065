#!/bin/bash
# bench/virtual.sh [ROUNDS] — virtual time's numbers for the README, measured side by side:
#   - the tutorial's scenarios (examples/bounded_one.rs, examples/unbounded.rs: seconds of
#     sleeps each) under `brigade run --virtual`: wall time, process start included;
#   - bench/pingpong.rs (200,000 rendezvous hand-offs) under --virtual: ns per hand-off (wall
#     time less an empty program's), beside live threads and Go (bench/pingpong.go, with all
#     cores and with GOMAXPROCS=1), each as the program measures itself;
#   - `brigade explore` of the examples: schedules per second.
# Go comes from Debian's golang-go (installed when missing). Prints each round and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
work=${BENCH_WORK:-/tmp/brigade-bench}/virtual
mkdir -p "$work"
brigade=build/native/brigade
command -v go >/dev/null || sudo -n apt-get install -y -q golang-go >/dev/null 2>&1 || apt-get install -y -q golang-go >/dev/null
(cd "$work" && cp "$OLDPWD/bench/pingpong.go" . && GOCACHE="$work/gocache" go build -o pingpong-go pingpong.go)
echo 'fn main() {}' >"$work/empty.rs"
wall_ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(((t1 - t0) / 1000)) | awk '{printf "%.1f", $1 / 1000}'; }
elapsed() { sed -n 's/.*elapsed_ns=\([0-9]*\).*/\1/p'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -a bounded unbounded empty ping live go go1
for ((r = 1; r <= rounds; r++)); do
  bounded+=("$(wall_ms $brigade run --virtual examples/bounded_one.rs)")
  unbounded+=("$(wall_ms $brigade run --virtual examples/unbounded.rs)")
  empty+=("$(wall_ms $brigade run --virtual "$work/empty.rs")")
  ping+=("$(wall_ms $brigade run --virtual bench/pingpong.rs)")
  live+=("$($brigade run bench/pingpong.rs | elapsed)")
  go+=("$("$work/pingpong-go" | elapsed)")
  go1+=("$(GOMAXPROCS=1 "$work/pingpong-go" | elapsed)")
  printf 'round %d: virtual bounded_one %s ms, unbounded %s ms, empty %s ms, pingpong %s ms; live pingpong %s ns; go %s ns, go(1 proc) %s ns\n' \
    "$r" "${bounded[-1]}" "${unbounded[-1]}" "${empty[-1]}" "${ping[-1]}" "${live[-1]}" "${go[-1]}" "${go1[-1]}"
done
per() { echo "$1 / 200000" | bc -l; }
mp=$(median "${ping[@]}"); me=$(median "${empty[@]}")
printf 'median: the tutorial scenarios under --virtual: bounded_one %s ms, unbounded %s ms (process start included)\n' \
  "$(median "${bounded[@]}")" "$(median "${unbounded[@]}")"
printf 'median ns per rendezvous hand-off: brigade --virtual %.0f, brigade live threads %.0f, go %.0f, go GOMAXPROCS=1 %.0f\n' \
  "$(echo "($mp - $me) * 1000000 / 200000" | bc -l)" "$(per "$(median "${live[@]}")")" "$(per "$(median "${go[@]}")")" \
  "$(per "$(median "${go1[@]}")")"
for f in examples/rendezvous.rs examples/bounded_one.rs examples/shared_carousel.rs; do
  t0=$(date +%s%N)
  $brigade explore --json --max-schedules 20000 "$f" >"$work/explore.json"
  t1=$(date +%s%N)
  n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["schedules"], d["complete"], len(d["outcomes"]))' "$work/explore.json")
  set -- $n
  printf 'explore %s: %s schedules (complete: %s, %s outcomes) in %.3f s, process start included: %.0f schedules/s\n' "$f" "$1" "$2" "$3" \
    "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "$1 / (($t1 - $t0) / 1000000000)" | bc -l)"
done
