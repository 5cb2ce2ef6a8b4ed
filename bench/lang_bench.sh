#!/usr/bin/env bash
# lang_bench.sh: plain-Python workloads run by coroscope and by CPython 3.11
# in the same run; prints seconds (median of R runs) and the ratio.
#   bash bench/lang_bench.sh [BUILD_DIR] [RUNS]
# Target (issue 5): no workload slower than 2x CPython; the median <= 1.2x.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-3}
cs=$build/coroscope
[ -x "$cs" ] || { echo "lang_bench: no $cs (build first)" >&2; exit 2; }
# The real interpreter, not a version-manager shim that adds start-up time.
py=$(python3 -c 'import sys; print(sys.executable)')

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() {  # seconds of one run of "$@", output checked elsewhere
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f\n", b - a}'
}

printf '%-12s %10s %10s %7s\n' workload cpython coroscope ratio
ratios=()
for f in "$here"/lang/*.py; do
  name=$(basename "$f" .py)
  if ! diff <("$py" "$f") <("$cs" run "$f") >/dev/null; then
    printf '%-12s   outputs differ: not timed\n' "$name"; continue
  fi
  c=$(for _ in $(seq "$runs"); do seconds "$py" "$f"; done | median)
  s=$(for _ in $(seq "$runs"); do seconds "$cs" run "$f"; done | median)
  r=$(awk -v a="$s" -v b="$c" 'BEGIN {printf "%.4f\n", a / b}')
  ratios+=("$r")
  printf '%-12s %10.3f %10.3f %6.2fx\n' "$name" "$c" "$s" "$r"
done
worst=$(printf '%s\n' "${ratios[@]}" | sort -n | tail -1)
med=$(printf '%s\n' "${ratios[@]}" | median)
printf 'median ratio %.2fx (target <= 1.2x), worst %.2fx (target <= 2x)\n' "$med" "$worst"
