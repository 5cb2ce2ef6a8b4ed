# send() resumes a generator with a value; the first step must be next() or send(None).
def averager():
    total, count, avg = 0, 0, None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total / count
g = averager()
print(next(g))
print(g.send(10), g.send(20), g.send(0))
h = averager()
try:
    h.send(5)
except TypeError as e:
    print(type(e).__name__, e)
def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received!r}"
e = echo()
print(e.send(None), e.send("a"), e.send(None), next(e))
