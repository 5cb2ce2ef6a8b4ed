# ord and chr across ASCII and Chinese; str/int/float/bool conversions between each other.
print(ord("A"), ord("z"), ord("0"), ord("中"), chr(65), chr(0x6587), chr(10).__repr__())
print("".join(chr(ord("a") + i) for i in range(5)))
print(str(12) + "3", int("12") + 3, float("1.5") * 2, bool("0"), bool(0), int(bool("x")))
try:
    ord("ab")
except TypeError as e:
    print(type(e).__name__, e)
try:
    chr(-1)
except ValueError as e:
    print(type(e).__name__, e)
