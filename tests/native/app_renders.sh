#!/usr/bin/env bash
# app_renders.sh BRIGADE OUT_DIR — the native app in a real X server (Xvfb) with Mesa's GL:
# it runs a bounded number of frames, saves its last frame, and the frame must be a drawn UI
# (many colours, not a flat fill), with no shader error on stderr. Both themes.
set -euo pipefail
app=$1
out=$2
mkdir -p "$out"
for theme in dark light; do
  shot="$out/native-$theme"
  xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 60 --theme "$theme" --screenshot "$shot.ppm" 2>"$shot.err"
  if grep -q "shader\|program" "$shot.err"; then
    echo "FAIL: the app reported a GL error:"; cat "$shot.err"; exit 1
  fi
  convert "$shot.ppm" "$shot.png"
  read -r colors mean spread < <(convert "$shot.png" -format '%k %[fx:mean] %[fx:standard_deviation]\n' info:)
  echo "$theme: $(identify -format '%wx%h' "$shot.png"), $colors colours, mean $mean, spread $spread"
  awk -v c="$colors" -v s="$spread" 'BEGIN { exit !(c > 200 && s > 0.03) }' ||
    { echo "FAIL: the $theme frame looks blank"; exit 1; }
done
