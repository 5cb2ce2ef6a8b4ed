# startswith / endswith with a prefix, a tuple of prefixes, and bounds.
name = "lesson_01_intro.py"
print(name.startswith("lesson"), name.endswith(".py"), name.endswith((".txt", ".py")))
print(name.startswith("01", 7), name.startswith(("x", "y")), "".startswith(""), "a".endswith(""))
for f in ["a.py", "b.txt", "c.PY", "数据.csv"]:
    print(f, f.lower().endswith(".py"), f.endswith(("csv", "txt")))
