# int() of floats truncates toward zero; infinities and NaN cannot convert.
print(int(3.9), int(-3.9), int(0.5), int(-0.5), int(1e10), int(2.0 ** 53))
print(int(True), int(False), int("12"), int(12.0))
for v in (float("inf"), float("-inf"), float("nan")):
    try:
        int(v)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
