# any and all short-circuit over iterables.
print(any([0, "", None]), any([0, 1]), all([1, "a", [0]]), all([1, 0]), any(()), all(()))
def check(x):
    print("check", x)
    return x > 2
print(any(check(x) for x in [1, 3, 5]))
print(all(check(x) for x in [3, 1, 5]))
words = ["apple", "avocado", "banana"]
print(all(w.islower() for w in words), any(w.startswith("b") for w in words))
