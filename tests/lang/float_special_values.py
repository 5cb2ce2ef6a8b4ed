# inf, -inf, nan, and negative zero.
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, repr(inf), repr(nan))
print(inf + 1, inf - inf, inf * 0, -inf * -1, 1 / inf, -1 / inf)
print(nan == nan, nan != nan, nan < 1, inf > 1e308, inf == inf)
print(float("-inf"), float("Infinity"), float("-nan"), float("NaN"))
neg = -0.0
print(neg, repr(neg), str(neg), neg == 0.0, 0.0 * -1, -0.0 + 0.0, abs(neg))
print(f"{neg}", f"{neg:.2f}", f"{inf:.3f}", f"{nan:>6}", round(-0.4))
print(max(1.0, inf), min(-inf, 0), sorted([2.0, inf, -inf, 0.0]))
