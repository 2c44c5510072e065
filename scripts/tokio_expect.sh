#!/bin/bash
# scripts/tokio_expect.sh FILE.rs — how the expectations of tests/run/tokio_*.rs are made: the
# program compiled by rustc against Debian's tokio (librust-tokio-dev 1.24, offline, from
# /usr/share/cargo/registry) and run; its stdout, exit status and panic lines printed as the
# golden file's `// expect...` comments. Needs `apt-get install librust-tokio-dev
# librust-tokio-macros-dev` (not part of setup: only writing a new expectation needs it).
set -euo pipefail
file=$(realpath "$1")
registry=/usr/share/cargo/registry
if ! ls -d "$registry"/tokio-1.* >/dev/null 2>&1; then
  echo "tokio_expect: Debian's tokio is not in $registry (apt-get install librust-tokio-dev librust-tokio-macros-dev)" >&2
  exit 2
fi
work=${TOKIO_EXPECT_DIR:-/tmp/brigade-tokio-expect}
mkdir -p "$work/src" "$work/.cargo"
cat > "$work/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "$registry"
[net]
offline = true
TOML
cat > "$work/Cargo.toml" <<TOML
[package]
name = "expect"
version = "0.1.0"
edition = "2021"
[dependencies]
tokio = { version = "1", features = ["full"] }
TOML
# The program without its expectations, as src/main.rs (panics then name that file).
grep -v '^// expect' "$file" > "$work/src/main.rs"
(cd "$work" && cargo build --offline -q)
set +e
(cd "$work" && RUST_BACKTRACE=0 timeout 60 ./target/debug/expect > out.txt 2> err.txt)
code=$?
set -e
sed 's|^|// expect: |' "$work/out.txt"
[ "$code" = 0 ] || echo "// expect-exit: $code"
# Each panic's two lines, without the OS thread id rustc 1.95 prints (no two runs share it).
awk '/^thread .* panicked at /{sub(/ \([0-9]+\) panicked/, " panicked"); print "// expect-stderr: " $0; getline; print "// expect-stderr: " $0}' "$work/err.txt"
