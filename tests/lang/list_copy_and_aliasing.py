# Names refer to objects: aliasing, shallow copies and nested lists.
a = [1, [2, 3]]
b = a
c = a[:]
d = list(a)
e = a.copy()
a[0] = 100
a[1].append(4)
print(a, b, c, d, e)
print(a is b, a is c, a == b, c == d, c[1] is a[1])
def add_item(lst, item):
    lst.append(item)
    lst = ["rebound"]
    return lst
r = add_item(a, "x")
print(a, r)
