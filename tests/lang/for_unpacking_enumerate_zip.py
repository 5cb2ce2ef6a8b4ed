# for loops with unpacking over enumerate, zip and dict items.
names = ["Ann", "Bob", "Cy"]
ages = [31, 25, 40]
for i, name in enumerate(names):
    print(i, name)
for i, name in enumerate(names, start=1):
    print(i, name)
for name, age in zip(names, ages):
    print(f"{name} is {age}")
for a, b, c in zip("xyz", range(3), [True, False, None]):
    print(a, b, c)
for n, (name, age) in enumerate(zip(names, ages)):
    print(n, name, age)
print(list(enumerate("ab")), list(zip([1, 2, 3], "ab")), list(zip()))
