# pass as an empty body; functions without return give None.
def nothing():
    pass
class Empty:
    pass
def maybe(x):
    if x:
        return "yes"
print(nothing(), maybe(1), maybe(0), type(Empty()).__name__)
for i in range(2):
    pass
print(i)
result = print("print returns")
print(result)
