#!/bin/sh
# strace.sh: system calls made by the roundtrip workload (two tasks doing
# sleep(0) through the ready queue). Target: none per loop iteration while
# handles are ready, so the count must not grow with the number of yields.
#
# usage: bench/strace.sh [BUILD_DIR]      (default: build)
set -eu
BUILD=${1:-build}
BIN=$BUILD/bench/bench_runtime
SMALL=1000
LARGE=1000000
if [ ! -x "$BIN" ]; then
  echo "strace.sh: $BIN not found; build first: cmake --build $BUILD --target bench_runtime" >&2
  exit 1
fi
command -v strace >/dev/null || {
  echo "strace.sh: strace is not installed (apt-get install -y strace)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

calls() { # n -> total system calls of `--once rt roundtrip n`
  strace -f -c -o "$TMP/sum.$1" "$BIN" --once rt roundtrip "$1" >/dev/null
  awk '$NF == "total" { print $4 }' "$TMP/sum.$1"
}

small=$(calls $SMALL)
large=$(calls $LARGE)
echo "system calls for the whole process (start-up, loop creation, exit included):"
echo "  roundtrip with $SMALL sleep(0)s: $small"
echo "  roundtrip with $LARGE sleep(0)s: $large"
echo "per-syscall summary of the $LARGE run:"
sed 's/^/  /' "$TMP/sum.$LARGE"
awk -v s="$small" -v l="$large" -v ns="$SMALL" -v nl="$LARGE" 'BEGIN {
  per = (l - s) / (nl - ns)
  printf "extra calls per sleep(0): %.6f  ->  %s\n", per,
         (l - s <= 2 ? "PASS (no system call per iteration)" : "MISS")
}'
