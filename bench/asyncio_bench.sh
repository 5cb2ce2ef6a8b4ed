#!/usr/bin/env bash
# asyncio_bench.sh: the asyncio workloads (bench/asyncio/*.py) run by
# CPython 3.11 and by coroscope in the same run; prints seconds (medians of
# R runs), CPython's time over coroscope's, the events the timeline
# recorded and the peak RSS of both.
#   bash bench/asyncio_bench.sh [BUILD_DIR] [RUNS] [WORKLOAD...]
# coroscope runs each script as `coroscope run FILE` does: the tracer
# records every event into a timeline (the "traced" column, the one the
# target is about). "untraced" is the same run with no timeline at all
# (bench_script --untraced). The three sides run in turn, so a noisy
# machine slows all alike; every run's output must equal CPython's.
# Target (issue 6): coroscope, traced, at least 3x faster than CPython on
# each workload.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-3}
shift $(($# < 2 ? $# : 2))
only=" $* "   # workload names to run; none: all
cs=$build/coroscope
bs=$build/bench/bench_script
for b in "$cs" "$bs"; do
  [ -x "$b" ] || { echo "asyncio_bench: no $b (build first)" >&2; exit 2; }
done
# The real interpreter, not a version-manager shim that adds start-up time.
py=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One run of "$@" with stdout to $tmp/out and stderr to $tmp/err; prints
# "seconds peak-RSS-KiB exit-status" (the child's own figures).
measure() {
  "$py" - "$tmp/out" "$tmp/err" "$@" <<'PY'
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    t = time.perf_counter()
    rc = subprocess.run(sys.argv[3:], stdout=out, stderr=err).returncode
    t = time.perf_counter() - t
print(f"{t:.6f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {rc}")
PY
}
# measure, then check the output against CPython's ($tmp/want.*).
timed() {
  local m
  m=$(measure "$@")
  if ! cmp -s "$tmp/out" "$tmp/want.out" || ! cmp -s "$tmp/err" "$tmp/want.err" ||
     [ "${m##* }" != "$want_rc" ]; then
    echo "asyncio_bench: $name: output of '$*' differs from CPython's:" >&2
    diff "$tmp/want.out" "$tmp/out" | head -5 >&2 || true
    diff "$tmp/want.err" "$tmp/err" | head -5 >&2 || true
    return 1
  fi
  echo "$m"
}

printf '%-13s %9s %9s %8s %9s %11s %9s %9s\n' workload cpython coroscope speedup untraced events 'py RSS' 'cs RSS'
printf '%-13s %9s %9s %8s %9s %11s %9s %9s\n' '' s 's traced' '' s recorded MiB MiB
misses=0
for f in "$here"/asyncio/*.py; do
  name=$(basename "$f" .py)
  [ "$only" = "  " ] || [[ "$only" == *" $name "* ]] || continue
  # CPython's output, and an unmeasured warm-up of the file cache.
  measure "$py" "$f" >"$tmp/m"
  want_rc=$(awk '{print $3}' "$tmp/m")
  cp "$tmp/out" "$tmp/want.out"; cp "$tmp/err" "$tmp/want.err"
  # The events recorded: the traced run once more, its count on stderr.
  measure "$bs" "$f" >/dev/null
  if ! cmp -s "$tmp/out" "$tmp/want.out"; then
    printf '%-13s   outputs differ: not timed\n' "$name"; misses=$((misses + 1)); continue
  fi
  events=$(sed -n 's/^events \([0-9]*\) bytes .*/\1/p' "$tmp/err")
  : >"$tmp/py"; : >"$tmp/cs"; : >"$tmp/un"
  ok=1
  for _ in $(seq "$runs"); do
    timed "$py" "$f" >>"$tmp/py" || ok=0
    timed "$cs" run "$f" >>"$tmp/cs" || ok=0
    timed "$bs" --untraced "$f" >>"$tmp/un" || ok=0
  done
  if [ "$ok" = 0 ]; then
    printf '%-13s   outputs differ: not timed\n' "$name"; misses=$((misses + 1)); continue
  fi
  pt=$(awk '{print $1}' "$tmp/py" | median); pm=$(awk '{print $2}' "$tmp/py" | median)
  ct=$(awk '{print $1}' "$tmp/cs" | median); cm=$(awk '{print $2}' "$tmp/cs" | median)
  ut=$(awk '{print $1}' "$tmp/un" | median)
  read -r sp res < <(awk -v p="$pt" -v c="$ct" 'BEGIN {
    s = p / c; printf "%.4f %s\n", s, (s >= 3 ? "" : "MISS") }')
  [ -z "$res" ] || misses=$((misses + 1))
  printf '%-13s %9.3f %9.3f %7.2fx %9.3f %11s %9.1f %9.1f %s\n' "$name" "$pt" "$ct" "$sp" "$ut" \
    "$events" "$(awk -v k="$pm" 'BEGIN {print k / 1024}')" "$(awk -v k="$cm" 'BEGIN {print k / 1024}')" "$res"
done
echo "speedup = CPython s / coroscope s (traced), medians of $runs runs; target >= 3x on each: $([ "$misses" = 0 ] && echo PASS || echo "$misses MISS")"
