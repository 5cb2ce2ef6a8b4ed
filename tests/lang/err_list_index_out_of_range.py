# IndexError messages; the last one is uncaught.
xs = [10, 20, 30]
try:
    xs[3]
except IndexError as e:
    print(type(e).__name__, e)
try:
    xs[-4] = 0
except IndexError as e:
    print(type(e).__name__, e)
try:
    (1, 2)[2]
except IndexError as e:
    print(type(e).__name__, e)
print(xs[-3], xs[2])
i = 0
while True:
    print("item", xs[i])
    i += 1
