# Chained comparisons evaluate each operand once and stop at the first false link.
x = 5
print(1 < x < 10, 1 < x > 3, 10 > x >= 5, 1 < 2 < 3 < 4 < 3, x == 5 == 5.0, 1 < 3 != 3)
def val(label, v):
    print("eval", label)
    return v
print(val("a", 1) < val("b", 2) < val("c", 3))
print(val("a", 3) < val("b", 2) < val("c", 1))
a = b = c = 0
print(a == b == c, a is b is c, "a" < "b" < "c", [1] < [2] < [3])
