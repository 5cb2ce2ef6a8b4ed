# A RecursionError can be caught, and the program goes on.
depth = 0
def dive():
    global depth
    depth += 1
    dive()
try:
    dive()
except RecursionError as e:
    print(type(e).__name__, e)
print("depth reached is near the limit of 1000:", 900 < depth <= 1000)
print(isinstance(RecursionError(), RuntimeError))
def ok(n):
    return 0 if n == 0 else 1 + ok(n - 1)
print(ok(500))
