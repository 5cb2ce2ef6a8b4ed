# bytes literals and their repr: quote choice, escapes, prefixes.
print(b"hello", b'single', b"", rb"raw\n", Rb'x\\y', br"\x41")
print(b"it's", b'say "hi"', b'both \' and "', b"\"only double\"")
print(b"\x00\x01\x1f\x7f\x80\xff", b"\t\n\r\\", b"\a\b\f\v", b"\101\x42C")
print(b"adjacent " b"literals " b'join')
print(repr(b"x"), str(b"y"), f"{b'z'}|{b'w'!r}|{b'v'!s}")
print(b"""triple
quoted""")
data = [b"one", b"two"]
print(data, (b"t",), {b"k": b"v"})
