# The name bound by `except ... as e` is deleted when the except block ends.
e = "before"
try:
    1 / 0
except ZeroDivisionError as e:
    print("inside:", e)
try:
    print(e)
except NameError as err:
    print(type(err).__name__, err)
saved = None
try:
    [][1]
except IndexError as exc:
    saved = exc
print("saved:", repr(saved))
