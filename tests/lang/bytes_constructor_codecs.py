# bytes(), str.encode and bytes.decode.
print(bytes(), bytes(0), bytes(3), bytes([65, 66, 67]), bytes((0, 255)), bytes(range(97, 100)))
print(bytes(b"copy"), bytes("héllo", "utf-8"), bytes("abc", encoding="ascii"), bytes(x for x in [49, 50]))
print(bytes([True, False]))
print("héllo".encode(), "abc".encode("ascii"), "x".encode(encoding="utf-8"), "".encode())
print("日本".encode("utf-8"), "emoji \U0001f600".encode(), "UTF8".encode("UTF8"))
print(b"h\xc3\xa9".decode("utf-8"), b"abc".decode(), b"abc".decode("ascii"), b"".decode())
print(b"\xe6\x97\xa5\xe6\x9c\xac".decode(), len("日本".encode()), len("日本"))
s = "round trip ü"
print(s.encode().decode() == s, s.encode("utf_8") == s.encode("utf-8"))
print(b"\x01\xab\xff".hex(), b"abc".hex(":"), b"abc".hex(b"-"), b"".hex(), b"\x00".hex())
