# Set comprehensions and removing duplicates (printed sorted for a stable order).
nums = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
print(sorted(set(nums)), len(set(nums)))
print({n % 4 for n in nums}, sorted({n * n for n in range(-3, 4)}))
seen = set()
order = []
for n in nums:
    if n not in seen:
        seen.add(n)
        order.append(n)
print(order)
print(set(), type({}).__name__, type(set()).__name__, set([1, 1, 1]))
