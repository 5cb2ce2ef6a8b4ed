# Growing lists: append, extend, insert, +=, and +.
items = [1, 2]
items.append(3)
items.append([4, 5])
print(items)
items.extend([6, 7])
items.extend("ab")
items.extend(range(2))
print(items, len(items))
items.insert(0, "first")
items.insert(-1, "before-last")
items.insert(100, "end")
items.insert(-100, "start")
print(items)
a = [1]
b = a
a += [2]
print(a, b, a is b)
a = a + [3]
print(a, b, a is b)
print([1, 2] * 2, [0] * 3, [] * 5, [[]] * 2)
