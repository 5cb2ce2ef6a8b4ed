# A closure keeps its own state with nonlocal; each call to the factory makes a new one.
def make_counter(start=0):
    count = start
    def step(by=1):
        nonlocal count
        count += by
        return count
    return step
a = make_counter()
b = make_counter(100)
print(a(), a(), a(5), b(), a())
def make_accumulator():
    items = []
    def add(x):
        items.append(x)
        return list(items)
    return add
acc = make_accumulator()
acc("异")
print(acc("步"))
