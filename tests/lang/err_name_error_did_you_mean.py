# CPython 3.11 adds a suggestion to an uncaught NameError when a similar name exists.
counter = 1
try:
    countr
except NameError as e:
    print("caught:", e)
print("counter is", counter)
print(countr)
