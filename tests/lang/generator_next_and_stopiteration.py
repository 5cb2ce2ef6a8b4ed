# A generator pauses at each yield; next() resumes it; exhaustion raises StopIteration.
def count_to(n):
    print("  start")
    for i in range(1, n + 1):
        print("  yielding", i)
        yield i
    print("  finished")
g = count_to(2)
print("created, nothing ran yet")
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", repr(e), e.value)
print(next(g, "default"))
print(list(count_to(3)), sum(count_to(4)))
