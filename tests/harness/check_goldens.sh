#!/usr/bin/env bash
# check_goldens.sh: fail if any golden differs from what CPython 3.11 prints
# through the reference harness now (goldens are never edited by hand).
# Skips (exit 77) where python3 is not CPython 3.11.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! python3 -c 'import sys, platform; sys.exit(not (sys.version_info[:2] == (3, 11) and platform.python_implementation() == "CPython"))' 2>/dev/null; then
  echo "check_goldens: python3 is not CPython 3.11; skipped"
  exit 77
fi
exec python3 tests/harness/make_goldens.py --check tests/lang tests/asyncio lessons
