# Calling something that is not callable.
for thing in (5, "text", None, [1], {"a": 1}):
    try:
        thing()
    except TypeError as e:
        print(type(e).__name__, e)
list = [1, 2]
try:
    list("abc")
except TypeError as e:
    print(type(e).__name__, e, "(the builtin was shadowed)")
del list
print(list("ab"))
