# str() and repr() of built-in values and containers.
values = [1, -1.5, 1.0, None, True, False, "s", [1, "a"], (1,), (), {"k": "v"}, {1}, set(), [], {},
          [None, 1.0, "x"], (1, (2, 3)), -0.0, 10 ** 10, "中"]
for v in values:
    print(str(v), "|", repr(v))
print(str(), repr(str()), str(str), str(3) + str(4))
