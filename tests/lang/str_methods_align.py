# center / ljust / rjust / zfill, with fill characters.
for w in ("a", "abc", "abcdef"):
    print("[" + w.center(7) + "]", "[" + w.ljust(5, ".") + "]", "[" + w.rjust(5, "*") + "]",
          "[" + w.center(6, "-") + "]")
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "abc".zfill(2), "3.14".zfill(8))
print("[" + "中".center(5, "·") + "]", "[" + "你好".rjust(4) + "]")
try:
    "x".center(5, "ab")
except TypeError as e:
    print(type(e).__name__, e)
