# A return in finally overrides the try's return and swallows an exception.
def override():
    try:
        return "from try"
    finally:
        return "from finally"
def swallow():
    try:
        raise RuntimeError("lost")
    finally:
        return "swallowed"
def side_effect():
    x = ["try"]
    try:
        return x
    finally:
        x.append("finally ran after the return value was computed")
print(override(), swallow(), side_effect())
def count():
    for i in range(5):
        try:
            if i == 2:
                return i
        finally:
            print("finally", i)
print(count())
