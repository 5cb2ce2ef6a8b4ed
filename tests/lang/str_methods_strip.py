# strip, lstrip, rstrip, with and without a set of characters; removeprefix/removesuffix.
s = "  \t padded text \n"
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print("xxhixx".strip("x"), "www.example.com".strip("cmowz."), "<<a>>".lstrip("<"), "<<a>>".rstrip(">"))
print("report.txt".removesuffix(".txt"), "test_case".removeprefix("test_"), "abc".removeprefix("x"))
print(repr("".strip()), repr("   ".strip()), "，你好，".strip("，"))
