# sorted() returns a new list from any iterable; reversed() needs a sequence.
data = {"b": 2, "c": 1, "a": 3}
print(sorted(data), sorted(data.values()), sorted(data.items()), sorted(data, key=data.get))
print(sorted("hello"), sorted((3, 1, 2), reverse=True), sorted(range(5), key=lambda x: x % 2))
print(sorted([]), sorted([[3], [1, 2], [1]]), sorted([0.5, -1, 2]))
print(list(reversed([1, 2, 3])), "".join(reversed("stressed")), list(reversed(range(1, 4))))
original = [3, 1, 2]
print(sorted(original), original)
