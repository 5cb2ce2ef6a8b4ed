# raise accepts a class or an instance; anything else is a TypeError.
for thing in (ValueError, ValueError("inst"), 5, "text", None):
    try:
        raise thing
    except TypeError as e:
        print("TypeError:", e)
    except ValueError as e:
        print("ValueError:", repr(e))
class NotAnError:
    pass
try:
    raise NotAnError()
except TypeError as e:
    print(type(e).__name__, e)
try:
    try:
        pass
    except 42:
        pass
    raise ValueError("x")
except TypeError as e:
    print(type(e).__name__, e)
except ValueError as e:
    print("the bad except clause is only checked when an exception arrives:", e)
