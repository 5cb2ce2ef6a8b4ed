#!/usr/bin/env bash
# test_cli.sh: the command line's exit statuses, help, unknown lessons, and
# that two runs give byte-identical traces.
#   test_cli.sh COROSCOPE SOURCE_DIR
set -uo pipefail
cs=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
check() {  # NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok   $1"; passes=$((passes + 1)); else echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); fi
}

"$cs" --help >"$tmp/out" 2>&1; check "help exits 0" 0 $?
grep -q "^usage: coroscope" "$tmp/out"; check "help prints the usage" 0 $?
"$cs" --version >"$tmp/out" 2>&1; check "version exits 0" 0 $?
grep -q "^coroscope [0-9]" "$tmp/out"; check "version prints the version" 0 $?

"$cs" --bogus >"$tmp/out" 2>"$tmp/err"; check "unknown option exits 2" 2 $?
check "unknown option: a one-line hint" 1 "$(wc -l <"$tmp/err")"
"$cs" run --trace yaml x.py 2>"$tmp/err"; check "bad --trace exits 2" 2 $?
"$cs" run 2>"$tmp/err"; check "run without a file exits 2" 2 $?
"$cs" run "$tmp/missing.py" 2>"$tmp/err"; check "run of a missing file exits 2" 2 $?

"$cs" trace no_such_lesson >"$tmp/out" 2>"$tmp/err"; check "unknown lesson exits 2" 2 $?
grep -q "no lesson 'no_such_lesson'" "$tmp/err"; check "unknown lesson is named" 0 $?
grep -q "Chapter 1" "$tmp/err"; check "unknown lesson is answered with the list" 0 $?
"$cs" lessons >"$tmp/out"; check "lessons exits 0" 0 $?
grep -q "^  01 " "$tmp/out"; check "lessons lists lesson 01" 0 $?

printf 'print("hi")\n' >"$tmp/ok.py"
"$cs" run "$tmp/ok.py" >"$tmp/out" 2>"$tmp/err"; check "a normal end exits 0" 0 $?
check "run prints what the script prints" hi "$(cat "$tmp/out")"
printf 'x = 1\nraise ValueError("boom")\n' >"$tmp/err.py"
"$cs" run "$tmp/err.py" >"$tmp/out" 2>"$tmp/err"; check "an uncaught error exits 1" 1 $?
check "the traceback ends in Type: message" "ValueError: boom" "$(tail -n 1 "$tmp/err")"
printf 'if True\n    pass\n' >"$tmp/syn.py"
"$cs" run "$tmp/syn.py" >"$tmp/out" 2>"$tmp/err"; check "a syntax error exits 1" 1 $?
check "a syntax error is CPython's" "SyntaxError: expected ':'" "$(tail -n 1 "$tmp/err")"
printf 'while True:\n    pass\n' >"$tmp/loop.py"
"$cs" run --max-steps 10000 "$tmp/loop.py" >"$tmp/out" 2>"$tmp/err"; check "a script that never ends is stopped" 1 $?
"$cs" run "$src/lessons/11a_future_never_resolved.py" >"$tmp/out" 2>"$tmp/err"; check "a deadlock exits 3" 3 $?
check "the deadlock report's last line" "coroscope: deadlock: no task can run and nothing can wake the loop" "$(tail -n 1 "$tmp/err")"

"$cs" run "$src/lessons/07b_who_ends_first.py" --trace text -o "$tmp/t1" >/dev/null 2>&1
"$cs" run "$src/lessons/07b_who_ends_first.py" --trace text -o "$tmp/t2" >/dev/null 2>&1
cmp -s "$tmp/t1" "$tmp/t2"; check "two runs give byte-identical traces" 0 $?
check "the trace starts with its header" "# coroscope trace" "$(head -c 17 "$tmp/t1")"
"$cs" run "$src/lessons/07b_who_ends_first.py" --trace json -o "$tmp/t.json" >/dev/null 2>&1; check "json trace exits 0" 0 $?
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); ev=d["traceEvents"] if isinstance(d,dict) else d; assert ev and all(all(k in e for k in ("ph","ts","pid","tid","name")) or e.get("ph")=="M" for e in ev)' "$tmp/t.json"
  check "json trace parses and every event has ph ts pid tid name" 0 $?
fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
