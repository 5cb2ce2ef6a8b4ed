# repr() of strings picks quotes and escapes control characters like CPython.
for s in ["plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline",
          "back\\slash", "\x00\x07\x1b", "\r", "中文", "é", "\x7f"]:
    print(repr(s))
print(["a'b", 'c"d', "\n"])
print(str("x\ty"), len("\n"), len(r"\n"), r"raw\n")
