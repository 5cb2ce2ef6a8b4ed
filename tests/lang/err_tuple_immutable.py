# Tuples cannot change; a list inside one still can.
t = (1, [2, 3])
t[1].append(4)
print(t)
try:
    t[0] = 9
except TypeError as e:
    print(type(e).__name__, e)
try:
    t.append(5)
except AttributeError as e:
    print(type(e).__name__, e)
try:
    t += ([5],)
    print(t)
    t[1] += [6]
except TypeError as e:
    print(type(e).__name__, e)
print(t)
