# while/else and for/else: the else runs only when the loop was not broken.
def find(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            print("found at", i)
            break
    else:
        print("not found")
find([4, 5, 6], 5)
find([4, 5, 6], 7)
n = 0
while n < 3:
    n += 1
else:
    print("while finished, n =", n)
while True:
    n -= 1
    if n == 0:
        break
else:
    print("never")
print("after break, n =", n)
for _ in []:
    pass
else:
    print("else of an empty loop")
