# and / or return one of their operands and short-circuit.
print(0 or "x", "a" or "b", None or [], [] or {} or 0, 1 and 2, 0 and 2, "a" and "", None and 1/0)
def loud(v):
    print("eval", v)
    return v
print(loud(0) or loud(2) or loud(3))
print(loud(1) and loud(0) and loud(5))
print(not 0, not "a", not not [1], (not 1) == False)
x = 5
print(x > 0 and x < 10, x < 0 or x > 3, not x == 5)
