#!/usr/bin/env bash
# lesson_trace.sh: a lesson's text trace against its golden.
#   lesson_trace.sh COROSCOPE LESSONS_DIR GOLDEN_DIR NAME      compare
#   lesson_trace.sh --update COROSCOPE LESSONS_DIR GOLDEN_DIR   re-make all
# The goldens are coroscope's own traces (CPython has none): they pin the
# scheduling of every lesson, so a change to it shows as a diff to review.
set -euo pipefail
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
cs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
lessons=$2
golden=$3
trace_of() {  # NAME -> its trace on stdout
  local tmp
  tmp=$(mktemp)
  (cd "$lessons" && "$cs" run "$1.py" --trace text -o "$tmp" >/dev/null 2>&1) || true
  # File names are absolute in traces, as in CPython's tracebacks: drop the
  # folder so the goldens do not depend on where the tree is.
  sed "s|$(cd "$lessons" && pwd)/||g" "$tmp"
  rm -f "$tmp"
}
if [ "$update" = 1 ]; then
  mkdir -p "$golden"
  for f in "$lessons"/*.py; do
    n=$(basename "$f" .py)
    trace_of "$n" > "$golden/$n.txt"
  done
  exit 0
fi
name=$4
diff -u "$golden/$name.txt" <(trace_of "$name") | head -40
test "${PIPESTATUS[0]}" -eq 0
