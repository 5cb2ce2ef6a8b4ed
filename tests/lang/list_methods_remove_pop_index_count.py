# remove, pop, index, count, clear, and their errors.
xs = [5, 3, 5, 1, 5, 9]
print(xs.count(5), xs.index(5), xs.index(5, 1), xs.index(9), xs.count(7))
xs.remove(5)
print(xs)
print(xs.pop(), xs.pop(0), xs.pop(-2), xs)
xs.clear()
print(xs)
for action in ("remove", "index", "pop", "pop_index"):
    try:
        if action == "remove":
            [1, 2].remove(3)
        elif action == "index":
            [1, 2].index(3)
        elif action == "pop":
            [].pop()
        else:
            [1].pop(5)
    except (ValueError, IndexError) as e:
        print(action, type(e).__name__, e)
try:
    ["a"].index("b")
except ValueError as e:
    print(type(e).__name__, e)
