#!/bin/sh
# callgrind.sh: instructions per operation, bare baseline vs coroscope, counted
# by valgrind's callgrind, which is repeatable where wall time is not.
#
# usage: bench/callgrind.sh [BUILD_DIR]      (default: build)
#
# Each workload runs as `bench_runtime --once SIDE NAME N --warm`: one warm
# run, then the measured run inside bench_measured(), the only function
# callgrind collects (--toggle-collect), so start-up, the warm-up and exit
# are not counted. Sizes are fixed and small. Wall-time targets apply to the
# ratios (the instruction ratio is a lower bound on the time ratio when the
# coroscope side also misses more in the caches, as fanout does).
set -eu
BUILD=${1:-build}
BIN=$BUILD/bench/bench_runtime
if [ ! -x "$BIN" ]; then
  echo "callgrind.sh: $BIN not found; build first: cmake --build $BUILD --target bench_runtime" >&2
  exit 1
fi
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Instructions collected in bench_measured for one side of one workload.
count() { # side name n
  valgrind --tool=callgrind --toggle-collect=bench_measured \
    --callgrind-out-file="$TMP/cg.out" "$BIN" --once "$1" "$2" "$3" --warm \
    >"$TMP/stdout" 2>"$TMP/stderr" || {
      echo "callgrind.sh: $2 ($1) failed:" >&2; tail -5 "$TMP/stderr" >&2; echo 0; return; }
  sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$TMP/stderr"
}

printf '%-12s %8s  %-9s %12s %12s %8s %7s\n' workload n baseline "base Ir/op" "coro Ir/op" ratio target
# name n baseline target
while read -r name n base target; do
  b=$(count base "$name" "$n")
  r=$(count rt "$name" "$n")
  awk -v name="$name" -v n="$n" -v base="$base" -v b="$b" -v r="$r" -v t="$target" 'BEGIN {
    bo = b / n; ro = r / n
    printf "%-12s %8d  %-9s %12.1f %12.1f %7.2fx %7s\n", name, n, base, bo, ro, (bo > 0 ? ro / bo : 0), "<=" t "x"
  }'
done <<'ROWS'
switch 200000 bare 2
roundtrip 200000 bare 4
spawn 50000 bare 3
fanout 5000 bare 2.5
trace 5000 untraced 1.5
timers 20000 bare 2
timers-past 20000 bare 2
ROWS
