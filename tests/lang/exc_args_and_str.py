# Exception args, str() and repr() with zero, one and several arguments.
for e in (Exception(), Exception("one"), Exception("a", 1), ValueError(42), KeyError("k"), KeyError(),
          KeyError("a", "b"), IndexError(3), RuntimeError(None), TimeoutError(), StopIteration(7)):
    print(f"{type(e).__name__:13} args={e.args!r:12} str={str(e)!r:12} repr={e!r}")
e = ValueError("msg")
e.note = "extra"
print(e.note, e.args[0], str(e) == "msg")
