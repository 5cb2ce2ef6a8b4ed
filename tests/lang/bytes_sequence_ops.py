# bytes as an immutable sequence of small ints.
b = b"hello world"
print(len(b), len(b""), b[0], b[-1], b[4], type(b[0]).__name__)
print(b[1:3], b[:5], b[6:], b[::-1], b[::2], b[-5:-1], b[100:], b[3:1])
print(list(b"abc"), [x + 1 for x in b"ab"], tuple(b"\x00\xff"), sum(b"\x01\x02\x03"))
for i, c in enumerate(b"hi"):
    print(i, c, chr(c))
print(b"ab" + b"cd", b"ab" * 3, 2 * b"x", b"x" * 0, b"x" * -1, b"" * 5)
acc = b""
for part in [b"a", b"b", b"c"]:
    acc += part
print(acc)
print(b"wor" in b, 104 in b, 0 in b, b"" in b, b"xyz" in b, b"h" not in b)
print(b == b"hello world", b != b"hello world", b == "hello world", b"a" != "a")
print(b"a" < b"b", b"ab" < b"abc", b"b" > b"abc", b"a" <= b"a", b"\xff" > b"\x00", b"" < b"\x00")
print(sorted([b"pear", b"apple", b"fig", b""]), max(b"zebra"), min(b"zebra"))
print(bool(b""), bool(b"\x00"), not b"")
print(hash(b"abc") == hash(b"ab" + b"c"), hash(b"abc") == hash("abc"), hash(b""))
d = {b"key": 1, b"k" + b"ey": 2}
print(d, len({b"a", b"a", b"b"}))
print(sorted({b"delta", b"alpha", b"charlie", b"bravo"}))
print(isinstance(b, bytes), isinstance("s", bytes), isinstance(b, (str, bytes)), type(b))
print(type(b) is bytes, type(iter(b"x")).__name__, bytes.__name__)
it = iter(b"ab")
print(next(it), next(it), next(it, "done"))
