# A generator's return value travels in StopIteration.value.
def task():
    yield "step 1"
    yield "step 2"
    return "result"
g = task()
for step in g:
    print(step)
g = task()
next(g); next(g)
try:
    next(g)
except StopIteration as e:
    print("returned:", e.value, e.args)
def empty():
    return 5
    yield
try:
    next(empty())
except StopIteration as e:
    print(e.value, type(empty()).__name__)
