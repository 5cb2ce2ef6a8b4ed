# Generator expressions are lazy and single-use; they can be passed straight to calls.
nums = [1, 2, 3, 4, 5]
print(sum(x * x for x in nums), max(x % 3 for x in nums), any(x > 4 for x in nums), all(x > 0 for x in nums))
print(list(x for x in nums if x % 2), sorted((x for x in nums), reverse=True), ",".join(str(x) for x in nums))
def noisy(x):
    print("computing", x)
    return x
gen = (noisy(x) for x in range(3))
print("generator made")
print(next(gen))
print(list(gen))
print(list(gen))
print(dict((k, v) for k, v in [("a", 1)]), set(c for c in "aa"), tuple(i for i in range(3)))
print(type(gen).__name__)
