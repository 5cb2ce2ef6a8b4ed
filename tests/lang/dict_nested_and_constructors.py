# dict() constructors, nested dicts, equality ignores order, len/in.
print(dict(), dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict({"k": 1}, extra=2))
print(dict.fromkeys(["a", "b"]), dict.fromkeys("xy", 0))
nested = {"user": {"name": "李雷", "tags": ["a", "b"]}, "n": 2}
print(nested, nested["user"]["tags"][1], len(nested), "user" in nested, "name" in nested)
print({"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} == {"a": 1.0}, {} == dict())
c = nested.copy()
c["user"]["name"] = "韩梅梅"
print(nested["user"]["name"])
c.clear()
print(c, nested["n"])
try:
    dict([("a", 1, 2)])
except ValueError as e:
    print(type(e).__name__, e)
