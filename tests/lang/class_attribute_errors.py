# AttributeError messages for instances, classes and built-in types.
class Dog:
    kind = "canine"
d = Dog()
tests = [
    ("d.wings", lambda: d.wings),
    ("Dog.wings", lambda: Dog.wings),
    ("[].foo", lambda: [].foo),
    ("None.upper", lambda: None.upper),
    ("(5).real_part", lambda: (5).real_part),
    ("'s'.push", lambda: "s".push),
    ("{}.append", lambda: {}.append),
]
for text, fn in tests:
    try:
        fn()
    except AttributeError as e:
        print(f"{text:15} {e}")
try:
    "s".upper = 1
except AttributeError as e:
    print(type(e).__name__, e)
print(getattr(d, "kind"), getattr(d, "wings", "no wings"), hasattr(d, "kind"), hasattr(d, "wings"))
setattr(d, "wings", 0)
print(d.wings, vars(d))
