#!/usr/bin/env bash
# app_renders.sh BRIGADE OUT_DIR — the native app in a real X server (Xvfb) with Mesa's GL: it
# opens an example, runs it to its end, saves its last frame and prints its state. The state
# must hold the example's expected output, the frame must be a drawn UI (many colours, not a
# flat fill), and stderr must have no GL error. Both themes.
set -euo pipefail
app=$1
out=$2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out"
for theme in dark light; do
  shot="$out/native-$theme"
  xvfb-run -a -s "-screen 0 1280x800x24" "$app" --theme "$theme" --example bounded_one --run --speed 20 \
    --until-done --screenshot "$shot.ppm" >"$shot.json" 2>"$shot.err"
  if grep -q "shader\|program" "$shot.err"; then
    echo "FAIL: the app reported a GL error:"; cat "$shot.err"; exit 1
  fi
  python3 - "$shot.json" "$root/examples/bounded_one.stdout" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
expected = open(sys.argv[2]).read()
got = "".join(l["text"] + "\n" for l in state["output"] if l["stream"] == "stdout")
assert state["phase"] == "ended" and state["exit_code"] == 0, (state["phase"], state["exit_code"])
assert got == expected, f"output differs:\n{got}"
carousel = [c for c in state["channels"] if c["number"] == 1][0]
assert carousel["capacity"] == 1 and carousel["full_waits"] >= 1, carousel
print(f"ran bounded_one: {len(state['output'])} lines, {state['frames']} frames")
PY
  convert "$shot.ppm" "$shot.png"
  read -r colors mean spread < <(convert "$shot.png" -format '%k %[fx:mean] %[fx:standard_deviation]\n' info:)
  echo "$theme: $(identify -format '%wx%h' "$shot.png"), $colors colours, mean $mean, spread $spread"
  awk -v c="$colors" -v s="$spread" 'BEGIN { exit !(c > 200 && s > 0.03) }' ||
    { echo "FAIL: the $theme frame looks blank"; exit 1; }
done
