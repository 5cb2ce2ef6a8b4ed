#!/usr/bin/env python3
"""make_goldens: run scripts through the reference harness and write, or check, their goldens.

  usage: make_goldens.py [--check] [--jobs N] [--timeout S] [DIR|SCRIPT.py ...]

For every DIR/NAME.py (default DIRs: tests/lang, tests/asyncio, lessons) it
runs `python3 refpy.py NAME.py` in DIR, in a fixed environment and under a
time limit, and writes

  tests/golden/<basename of DIR>/NAME.out    the script's stdout, bytes exact
  tests/golden/<basename of DIR>/NAME.meta   status N
                                             stderr-last <last non-empty stderr line>
                                             [threads scaled]   (threaded scripts only)

In both, the script's absolute directory followed by "/" is removed (CPython
prints /abs/dir/NAME.py in tracebacks and task reprs; the golden reads
NAME.py), so goldens do not depend on where the repository is checked out.

--check re-runs every script and compares with the goldens on disk without
writing anything; it also reports missing and orphaned goldens. Exit status
0 when everything is current, 1 otherwise.

Naming a SCRIPT.py instead of a DIR handles that one script (its golden
folder is named after the script's folder).
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import subprocess
import sys

HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HARNESS_DIR))
GOLDEN_ROOT = os.path.join(ROOT, "tests", "golden")
REFPY = os.path.join(HARNESS_DIR, "refpy.py")
DEFAULT_DIRS = ["tests/lang", "tests/asyncio", "lessons"]

sys.path.insert(0, HARNESS_DIR)
import refpy  # noqa: E402  (detect_mode: which scripts run with scaled threads)

# An address in a default repr (<object at 0x7f...>) changes from run to run.
ADDRESS_RE = re.compile(rb" at 0x[0-9a-f]{6,}")


def fixed_env():
    """The whole environment a script runs in: nothing inherited but PATH."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


class Result:
    def __init__(self, script, golden_dir):
        self.script = script
        self.name = os.path.splitext(os.path.basename(script))[0]
        self.golden_dir = golden_dir
        self.out_path = os.path.join(golden_dir, self.name + ".out")
        self.meta_path = os.path.join(golden_dir, self.name + ".meta")
        self.stdout = b""
        self.meta = b""
        self.error = None        # the harness could not produce a golden
        self.warnings = []


def normalize(data, script_dir):
    """Remove the script's absolute directory (and its real path) from the output."""
    for d in {os.path.abspath(script_dir), os.path.realpath(script_dir)}:
        data = data.replace((d + os.sep).encode(), b"")
    return data


def last_stderr_line(stderr):
    for line in reversed(stderr.splitlines()):
        if line.strip():
            return line.rstrip(b"\r\n")
    return b""


def run_one(script, golden_dir, timeout):
    res = Result(script, golden_dir)
    script_dir = os.path.dirname(os.path.abspath(script))
    with open(script, "rb") as f:
        mode = refpy.detect_mode(f.read())
    try:
        proc = subprocess.run([sys.executable, REFPY, os.path.basename(script)],
                              cwd=script_dir, env=fixed_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        res.error = "timed out after %ss" % timeout
        return res
    if proc.returncode == refpy.EXIT_HARNESS or proc.returncode < 0:
        res.error = "harness failure (status %d): %s" % (
            proc.returncode, last_stderr_line(proc.stderr).decode("utf-8", "replace"))
        return res
    res.stdout = normalize(proc.stdout, script_dir)
    last = normalize(last_stderr_line(proc.stderr), script_dir)
    meta = b"status %d\nstderr-last" % proc.returncode
    if last:
        meta += b" " + last
    meta += b"\n"
    if mode == "scaled":
        meta += b"threads scaled\n"
    res.meta = meta
    if ADDRESS_RE.search(res.stdout):
        res.warnings.append("stdout holds an object address (' at 0x...'): not reproducible")
    return res


def collect(targets):
    """[(script path, golden dir)] for every DIR or SCRIPT given."""
    jobs = []
    for t in targets:
        path = t if os.path.isabs(t) or os.path.exists(t) else os.path.join(ROOT, t)
        if os.path.isdir(path):
            golden_dir = os.path.join(GOLDEN_ROOT, os.path.basename(os.path.normpath(path)))
            for name in sorted(os.listdir(path)):
                if name.endswith(".py"):
                    jobs.append((os.path.join(path, name), golden_dir))
        elif os.path.isfile(path) and path.endswith(".py"):
            golden_dir = os.path.join(GOLDEN_ROOT,
                                      os.path.basename(os.path.dirname(os.path.abspath(path))))
            jobs.append((path, golden_dir))
        else:
            sys.exit("make_goldens: no such directory or script: " + t)
    return jobs


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def write_if_changed(path, data):
    if read(path) == data:
        return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return True


def show_diff(label, want, got):
    lines = difflib.unified_diff(want.decode("utf-8", "replace").splitlines(True),
                                 got.decode("utf-8", "replace").splitlines(True),
                                 "golden " + label, "now " + label)
    sys.stdout.write("".join(list(lines)[:60]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("targets", nargs="*", help="script folders or scripts (default: %s)"
                    % " ".join(DEFAULT_DIRS))
    ap.add_argument("--check", action="store_true", help="verify the goldens, write nothing")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per script")
    ap.add_argument("-q", "--quiet", action="store_true")
    opts = ap.parse_args()

    targets = opts.targets or [d for d in DEFAULT_DIRS if os.path.isdir(os.path.join(ROOT, d))]
    jobs = collect(targets)
    # Threaded scripts run on a scaled real clock: run them one at a time,
    # after the others, so that machine load disturbs them as little as possible.
    def is_scaled(job):
        with open(job[0], "rb") as f:
            return refpy.detect_mode(f.read()) == "scaled"
    plain = [j for j in jobs if not is_scaled(j)]
    scaled = [j for j in jobs if is_scaled(j)]

    results = []
    with concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as pool:
        results += list(pool.map(lambda j: run_one(j[0], j[1], opts.timeout), plain))
    results += [run_one(s, g, opts.timeout) for s, g in scaled]

    failures = 0
    changed = 0
    for res in results:
        rel = os.path.relpath(res.script, ROOT)
        for w in res.warnings:
            print("warning: %s: %s" % (rel, w))
        if res.error:
            failures += 1
            print("FAIL %s: %s" % (rel, res.error))
            continue
        if opts.check:
            want_out, want_meta = read(res.out_path), read(res.meta_path)
            if want_out is None or want_meta is None:
                failures += 1
                print("MISSING golden for %s" % rel)
            elif want_out != res.stdout or want_meta != res.meta:
                failures += 1
                print("STALE %s" % rel)
                if want_out != res.stdout:
                    show_diff(res.name + ".out", want_out, res.stdout)
                if want_meta != res.meta:
                    show_diff(res.name + ".meta", want_meta, res.meta)
        else:
            c = write_if_changed(res.out_path, res.stdout)
            c = write_if_changed(res.meta_path, res.meta) or c
            if c:
                changed += 1
                if not opts.quiet:
                    print("wrote %s" % os.path.relpath(res.out_path, ROOT)[:-4] + ".{out,meta}")

    # Goldens whose script is gone.
    golden_dirs = {g for _, g in jobs}
    names = {(g, os.path.splitext(os.path.basename(s))[0]) for s, g in jobs}
    whole_dirs = all(os.path.isdir(t if os.path.exists(t) else os.path.join(ROOT, t))
                     for t in targets)
    if whole_dirs:
        for g in sorted(golden_dirs):
            for fname in sorted(os.listdir(g)) if os.path.isdir(g) else []:
                stem, ext = os.path.splitext(fname)
                if ext in (".out", ".meta") and (g, stem) not in names:
                    if opts.check:
                        failures += 1
                        print("ORPHAN %s (no script)" % os.path.relpath(os.path.join(g, fname), ROOT))
                    else:
                        os.remove(os.path.join(g, fname))
                        print("removed %s (no script)" % os.path.relpath(os.path.join(g, fname), ROOT))

    verb = "checked" if opts.check else "ran"
    print("make_goldens: %s %d scripts (%d threaded): %d failed%s" % (
        verb, len(results), len(scaled), failures,
        "" if opts.check else ", %d goldens changed" % changed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
