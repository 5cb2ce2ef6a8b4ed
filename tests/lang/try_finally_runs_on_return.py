# finally runs on return, break, continue and exceptions.
def f():
    try:
        print("in try")
        return 1
    finally:
        print("finally on return")
print(f())
for i in range(3):
    try:
        if i == 0:
            continue
        if i == 2:
            break
        print("body", i)
    finally:
        print("finally for", i)
def g():
    try:
        raise ValueError("x")
    finally:
        print("finally on exception")
try:
    g()
except ValueError:
    print("caught after finally")
