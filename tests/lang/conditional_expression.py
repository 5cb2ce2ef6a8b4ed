# The conditional expression `a if cond else b`, nested and lazy.
for n in (-2, 0, 3):
    sign = "negative" if n < 0 else "zero" if n == 0 else "positive"
    print(n, sign)
x = 0
print("div" if x else "skip", (1 / x) if x else "no division", [i if i % 2 else -i for i in range(4)])
print(max(1, 2) if True else 1 / 0)
