# float() from strings and ints; is_integer; true division results.
print(float(3), float("3.14"), float(" 1e3 "), float("-2.5e-3"), float("1_000.5"), float(".5"))
print(float("inf"), float("  -InF "), float(True), float(10 ** 15))
for s in ("abc", "", "1,5", "1.2.3"):
    try:
        float(s)
    except ValueError as e:
        print(type(e).__name__, e)
print((3.0).is_integer(), (3.5).is_integer(), 7 / 2, 6 / 3, -6 / 4)
print(int(float("12.9")), float(int(12.9)))
