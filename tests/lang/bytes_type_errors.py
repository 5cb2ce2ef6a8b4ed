# bytes errors with CPython's messages.
cases = [
    lambda: "x" + b"x",
    lambda: b"x" + "x",
    lambda: b"x" + 1,
    lambda: bytes("x"),
    lambda: bytes(1, "utf-8"),
    lambda: bytes([256]),
    lambda: bytes([-1]),
    lambda: bytes(["a"]),
    lambda: bytes(-1),
    lambda: bytes(1.5),
    lambda: bytes(None),
    lambda: b"x"[5],
    lambda: b"x"[-2],
    lambda: b"x"[int("1") * "a"],
    lambda: "a" in b"abc",
    lambda: 300 in b"abc",
    lambda: b"x".decode("nope"),
    lambda: b"ab\xff".decode(),
    lambda: "é".encode("ascii"),
    lambda: b"\xe9".decode("ascii"),
    lambda: b"a".split(b""),
    lambda: b"a".split(","),
    lambda: b"x" < "x",
    lambda: b"ab".startswith("a"),
    lambda: b"ab" * "x",
    lambda: b"a" - b"b",
    lambda: b",".join([b"a", "b"]),
    lambda: b"x".hex("ab"),
    lambda: b"x".find("x"),
]
for f in cases:
    try:
        print(f())
    except (ValueError, UnicodeError) as e:
        print("ValueError:", e)
    except Exception as e:
        print(type(e).__name__ + ":", e)
b = b"abc"
try:
    b[0] = 1
except TypeError as e:
    print(e)
b"x" + "y"
