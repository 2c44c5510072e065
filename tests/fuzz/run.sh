#!/usr/bin/env bash
# run.sh [SECONDS] — build the front end's libFuzzer target (clang 14, ASan+UBSan) and fuzz it
# for a bounded time (default 30 s), starting from the golden files and the tutorial's Rust.
# A crash, a sanitizer report or a timeout fails the run; the input is kept in build/fuzz/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_BUDGET=${1:-30}
OUT="$ROOT/build/fuzz"
mkdir -p "$OUT/corpus"
srcs=("$ROOT"/core/lang/src/*.cpp "$ROOT"/core/lang/src/*/*.cpp "$ROOT"/core/trace/trace.cpp "$ROOT"/core/chan/src/*.cpp
      "$ROOT/tests/fuzz/fuzz_frontend.cpp")
# (sed reads the whole list: `head -1` would leave ls writing into a closed pipe once the list
# outgrows one write — a clone in a deep folder — and pipefail would end the script there.)
newest=$(ls -t "${srcs[@]}" "$ROOT"/core/lang/include/brigade/lang/*.hpp "$ROOT"/core/lang/src/*.hpp \
  "$ROOT"/core/lang/src/*/*.hpp | sed -n 1p)
if [[ ! -x $OUT/fuzz_frontend || $newest -nt $OUT/fuzz_frontend ]]; then
  clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -I"$ROOT/core/lang/include" -I"$ROOT/core/chan/include" -I"$ROOT/core/trace/include" "${srcs[@]}" \
    -pthread -o "$OUT/fuzz_frontend"
fi
cp "$ROOT"/tests/lang/check/*.rs "$ROOT"/tests/run/*.rs "$ROOT"/examples/*.rs "$OUT/corpus/"
# The tutorial's Rust blocks too, when the tutorial is beside the checkout (a user's clone has no
# ../shared: the corpus is then the repository's own programs).
SEEDS=${BRIGADE_SEEDS_DIR:-$ROOT/../shared/seeds}
if [[ -d $SEEDS ]]; then
  python3 - "$SEEDS" "$OUT/corpus" <<'PY'
import pathlib, re, sys
seeds, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in seeds.glob("*"):
    for i, block in enumerate(re.findall(r"```rust\n(.*?)```", f.read_text(errors="replace"), re.S)):
        (out / f"seed-{f.stem}-{i}.rs").write_text(block)
PY
else
  echo "fuzz: the tutorial is not at $SEEDS; the corpus is the repository's programs only"
fi
cd "$OUT"
./fuzz_frontend -max_total_time="$SECONDS_BUDGET" -timeout=5 -rss_limit_mb=2048 -max_len=8192 \
  -print_final_stats=1 corpus/ 2>fuzz.log || { tail -40 fuzz.log; exit 1; }
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" fuzz.log
