#!/usr/bin/env python3
"""Check lessons/index.txt and the narration notes of every lesson it lists.

Usage: python3 lessons/tools/check_lessons.py [LESSONS_DIR]
Prints one line per problem and exits 1 if there is any, else prints a
summary and exits 0. The grammar it enforces is the one in lessons/README.md.
"""
import os
import re
import sys

EVENTS = {"line", "start", "end", "error", "deadlock", "never-awaited",
          "exception-never-retrieved", "blocked-loop", "cancelled", "timeout",
          "timer"}
KEYS = {"on", "n", "task"}
NOTE = re.compile(r"^[ \t]*# >>((?: [a-z]+=[^ \t]+)*) (en|zh): (\S.*)$")
LOOKS_LIKE_NOTE = re.compile(r"^[ \t]*#\s*>>")
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_CHARS = {"en": 200, "zh": 110}


def parse_notes(path, problems):
    """Return a list of groups: dict(attrs, en, zh, line, anchor)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    groups, cur = [], None
    for i, raw in enumerate(lines, 1):
        m = NOTE.match(raw)
        if not m:
            if LOOKS_LIKE_NOTE.match(raw):
                problems.append(f"{path}:{i}: malformed note (want '# >> [key=value ...] en|zh: text')")
            if cur:
                groups.append(cur)
                cur = None
            continue
        attrs = dict(a.split("=", 1) for a in m.group(1).split())
        lang, text = m.group(2), m.group(3)
        if cur is None or cur["attrs"] != attrs or lang in cur:
            if cur:
                groups.append(cur)
            cur = {"attrs": attrs, "line": i}
        cur[lang] = text
        cur["last"] = i
    if cur:
        groups.append(cur)
    for g in groups:
        where = f"{path}:{g['line']}"
        for k, v in g["attrs"].items():
            if k not in KEYS:
                problems.append(f"{where}: unknown key {k!r}")
            if k == "on" and v not in EVENTS:
                problems.append(f"{where}: unknown event on={v}")
            if k == "n" and not (v.isdigit() and int(v) >= 1):
                problems.append(f"{where}: n must be a positive integer")
        for lang in ("en", "zh"):
            if lang not in g:
                problems.append(f"{where}: note group has no {lang} line")
            elif len(g[lang]) > MAX_CHARS[lang]:
                problems.append(f"{where}: {lang} note longer than {MAX_CHARS[lang]} characters")
        if "zh" in g and not CJK.search(g["zh"]):
            problems.append(f"{where}: zh note has no Chinese text")
        g["anchor"] = None
        if g["attrs"].get("on", "line") == "line":
            for j in range(g["last"], len(lines)):
                s = lines[j].strip()
                if s and not s.startswith("#"):
                    g["anchor"] = j + 1
                    break
            if g["anchor"] is None:
                problems.append(f"{where}: line note with no code line after it")
    return groups


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems, chapters, ids, files = [], set(), set(), []
    with open(os.path.join(base, "index.txt"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            where = f"index.txt:{n}"
            if cols[0] == "chapter" and len(cols) == 4:
                chapters.add(cols[1])
            elif cols[0] == "lesson" and len(cols) == 8:
                lid, chap, fname = cols[1], cols[2], cols[3]
                if lid in ids:
                    problems.append(f"{where}: duplicate id {lid}")
                ids.add(lid)
                if chap not in chapters:
                    problems.append(f"{where}: chapter {chap} not declared before it")
                if not fname.startswith(lid + "_"):
                    problems.append(f"{where}: file {fname} does not start with id {lid}_")
                if any(not c.strip() for c in cols):
                    problems.append(f"{where}: empty column")
                files.append(fname)
            else:
                problems.append(f"{where}: bad record ({len(cols)} columns)")
    total = 0
    for fname in files:
        path = os.path.join(base, fname)
        if not os.path.exists(path):
            problems.append(f"{fname}: listed in index.txt but missing")
            continue
        with open(path, encoding="utf-8") as f:
            src = f.read()
        try:
            compile(src, path, "exec")
        except SyntaxError as e:
            problems.append(f"{path}:{e.lineno}: {e.msg}")
        groups = parse_notes(path, problems)
        total += len(groups)
        if not any(g["attrs"].get("on") == "start" for g in groups):
            problems.append(f"{path}: no on=start note")
    for fname in sorted(os.listdir(base)):
        if fname.endswith(".py") and fname not in files:
            problems.append(f"{fname}: lesson file not listed in index.txt")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"{len(files)} lessons, {len(chapters)} chapters, {total} note groups: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
