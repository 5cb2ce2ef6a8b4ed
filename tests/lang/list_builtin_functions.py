# Builtins on lists: len, min, max, sum, sorted, any, all, list().
xs = [4, 8, 15, 16, 23, 42]
print(len(xs), min(xs), max(xs), sum(xs), sum(xs) / len(xs))
print(any(x > 40 for x in xs), all(x > 0 for x in xs), any([]), all([]))
print(list("abc"), list(range(3)), list((1, 2)), list({"a": 1, "b": 2}), list(), list([1]) == [1])
print(sorted(xs, reverse=True)[:3], list(map(str, xs)), list(filter(lambda x: x % 2, xs)))
