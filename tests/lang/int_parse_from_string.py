# int() parses strings: whitespace, signs, underscores, bases; and its ValueErrors.
print(int("42"), int("  -7 "), int("+3"), int("1_000_000"), int("007"))
print(int("ff", 16), int("0xff", 16), int("0b101", 0), int("0o17", 0), int("z", 36), int("101", 2))
for s in ("abc", "", "4.5", "1 2", "0x10"):
    try:
        print(repr(s), "->", int(s))
    except ValueError as e:
        print(type(e).__name__, e)
try:
    int("9", 8)
except ValueError as e:
    print(type(e).__name__, e)
try:
    int(None)
except TypeError as e:
    print(type(e).__name__, e)
