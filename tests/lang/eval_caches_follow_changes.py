# The evaluator remembers, per node, where a name or a method was found
# (globals and builtins entries, a type's method, a module's attribute) and
# updates a local int in place when nothing else holds it. Every change a
# program can make must still be seen.


def bump(n):
    x = n
    y = x          # y holds the same int: x += must make a new one
    x += 1
    x -= 2
    x *= 3
    return x, y


print(bump(1000), bump(5))
a = 300
a -= 295
five = 5
print(a is five, a)            # small ints stay the cached objects


def counter():
    total = 0
    seen = []
    for i in range(1000, 1005):
        total += i
        seen.append(total)      # the list holds each value
    return total, seen


print(counter())


class C:
    def m(self):
        return "C.m"


def call_m(o):
    return o.m()


c = C()
print([call_m(c) for _ in range(3)])
C.m = lambda self: "patched"
print(call_m(c))
c.m = lambda: "instance attribute"
print(call_m(c))
del c.m
print(call_m(c))


class D(C):
    pass


d = D()
print(call_m(d))
D.m = lambda self: "D.m"
print(call_m(d), call_m(c))
print([s.upper() for s in ["a", "b"]], ["x"].copy())

g = 1


def read_g():
    return g


print(read_g())
g = 2
print(read_g())
globals()["g"] = 3
print(read_g())
del g
try:
    read_g()
except NameError as e:
    print("NameError:", e)
g = 4
print(read_g())


def uses_len():
    return len([1, 2, 3])


print(uses_len())
len = lambda x: "shadowed"
print(uses_len())
del len
print(uses_len())

import math


def sq(v):
    return math.sqrt(v)


print(sq(16.0))
math.sqrt = lambda v: "patched sqrt"
print(sq(16.0))
del math.sqrt
try:
    sq(16.0)
except AttributeError as e:
    print("AttributeError:", e)

t = 0
for k in range(5):
    t += k
    if k == 2:
        del t
        t = 100
print(t, k)
x, z = None, 0
print(x is None, x is not None, z is None)
