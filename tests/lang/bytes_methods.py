# bytes methods: case, affixes, split, strip, find, join.
print(b"Hello, World 1!".upper(), b"Hello, World 1!".lower(), b"\xe9a".upper())
print(b"Hello".startswith(b"He"), b"Hello".startswith(b"he"), b"Hello".endswith((b"x", b"lo")))
print(b"Hello".startswith(b""), b"Hi".startswith(b"Hello"), b"Hello".endswith(b"Hello"))
print(b"a b  c ".split(), b"  lead\tand\ntrail  ".split(), b"".split(), b"   ".split())
print(b"a,b,,c".split(b","), b"a,b,c".split(b",", 1), b"a,b,c".split(sep=b",", maxsplit=0))
print(b"a b c d".split(None, 2), b"a::b::c".split(b"::"), b"".split(b","), b",".split(b","))
print(b"  x y  ".strip(), b"\t\n".strip(), b"none".strip())
print(b"hello".find(b"l"), b"hello".find(108), b"hello".find(b"z"), b"hello".find(b""))
print(b",".join([b"a", b"b", b"c"]), b"".join([]), b"-".join(x for x in [b"1", b"2"]))
line = b"GET /index.html HTTP/1.1\r\n"
method, path, version = line.strip().split()
print(method, path.decode(), version.decode().lower())
