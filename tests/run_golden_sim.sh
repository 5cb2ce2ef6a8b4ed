#!/usr/bin/env bash
# run_golden_sim.sh: run one asyncio corpus script with `coroscope run` (the virtual clock) and compare it with its CPython golden.
#   usage: run_golden_sim.sh COROSCOPE SCRIPT.py GOLDEN_DIR [RUN_FLAG]
# RUN_FLAG (e.g. --real-time, for tests/asyncio/REALTIME's socket scripts) is
# passed to `coroscope run`.
# The comparison is run_golden.sh's (stdout byte for byte, exit status, last
# stderr line); only the runner differs: a one-line wrapper that execs
# `COROSCOPE run FILE`, so the script runs on the sim's virtual platform.
set -u
coroscope=$1 script=$2 golden=$3 flag=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#!/bin/sh\nexec "%s" run %s "$@"\n' "$coroscope" "$flag" >"$tmp/runner"
chmod +x "$tmp/runner"
"$here/run_golden.sh" "$tmp/runner" "$script" "$golden"
