#!/usr/bin/env python3
"""compare: run one script with another implementation and compare it with its golden.

  usage: compare.py --cmd "PROGRAM [ARGS...]" SCRIPT.py

Runs `PROGRAM ARGS... NAME.py` in the script's folder, in the same fixed
environment make_goldens.py uses, applies the same normalisation (the
script's absolute folder removed from stdout and from the last stderr
line), and compares stdout byte for byte, the exit status and the last
non-empty stderr line with tests/golden/<folder>/NAME.{out,meta}. Prints a
diff and exits 1 on a mismatch, 0 on a match, 2 on bad usage or a missing
golden. This is the check a ctest scenario test can call, e.g.

  compare.py --cmd "build/ui/coroscope run" tests/lang/float_repr_shortest.py

With --cmd "python3 tests/harness/refpy.py" it re-checks the harness itself.
"""

import argparse
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_goldens as mg  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cmd", required=True, help="the program to run, with its arguments")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("script")
    opts = ap.parse_args()

    script = os.path.abspath(opts.script)
    script_dir = os.path.dirname(script)
    name = os.path.splitext(os.path.basename(script))[0]
    golden_dir = os.path.join(mg.GOLDEN_ROOT, os.path.basename(script_dir))
    want_out = mg.read(os.path.join(golden_dir, name + ".out"))
    want_meta = mg.read(os.path.join(golden_dir, name + ".meta"))
    if want_out is None or want_meta is None:
        print("compare: no golden for %s in %s" % (name, golden_dir))
        return 2

    argv = [os.path.abspath(a) if os.path.exists(a) else a for a in shlex.split(opts.cmd)]
    try:
        proc = subprocess.run(argv + [os.path.basename(script)], cwd=script_dir,
                              env=mg.fixed_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=opts.timeout)
    except subprocess.TimeoutExpired:
        print("compare: %s timed out after %ss" % (name, opts.timeout))
        return 1
    got_out = mg.normalize(proc.stdout, script_dir)
    got_last = mg.normalize(mg.last_stderr_line(proc.stderr), script_dir)

    want = {}
    for line in want_meta.decode("utf-8").splitlines():
        key, _, val = line.partition(" ")
        want[key] = val
    ok = True
    if got_out != want_out:
        ok = False
        print("stdout differs from the golden:")
        mg.show_diff(name + ".out", want_out, got_out)
    if str(proc.returncode) != want.get("status"):
        ok = False
        print("exit status %d, golden %s" % (proc.returncode, want.get("status")))
    if got_last.decode("utf-8", "replace") != want.get("stderr-last", ""):
        ok = False
        print("last stderr line differs:\n  golden: %s\n  now:    %s"
              % (want.get("stderr-last", ""), got_last.decode("utf-8", "replace")))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
