#!/usr/bin/env bash
# run_golden.sh: run one corpus script with coroscope-pyrun and compare it with its CPython golden.
#   usage: run_golden.sh PYRUN SCRIPT.py GOLDEN_DIR
# Like tests/harness/compare.py: runs `PYRUN NAME.py` in the script's folder,
# removes that folder's absolute path from stdout and the last stderr line,
# and compares stdout byte for byte with GOLDEN_DIR/NAME.out, the exit status
# and the last non-empty stderr line with GOLDEN_DIR/NAME.meta.
set -u
pyrun=$1 script=$2 golden=$3
dir=$(cd "$(dirname "$script")" && pwd)
name=$(basename "$script" .py)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$dir" && env -i PATH="$PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
   timeout 60 "$pyrun" "$name.py" >"$tmp/out" 2>"$tmp/err" </dev/null)
status=$?
sed -i "s#$dir/##g" "$tmp/out" "$tmp/err"
want_status=$(sed -n 's/^status //p' "$golden/$name.meta")
want_last=$(sed -n 's/^stderr-last //p' "$golden/$name.meta")
got_last=$(grep -v '^[[:space:]]*$' "$tmp/err" | tail -n 1)
ok=1
if ! cmp -s "$tmp/out" "$golden/$name.out"; then
  echo "stdout differs from the golden:"
  diff "$golden/$name.out" "$tmp/out" | head -40
  ok=0
fi
if [ "$status" != "$want_status" ]; then
  echo "exit status $status, golden $want_status"
  ok=0
fi
if [ "$got_last" != "$want_last" ]; then
  printf 'last stderr line differs:\n  golden: %s\n  now:    %s\n' "$want_last" "$got_last"
  ok=0
fi
[ $ok = 1 ]
