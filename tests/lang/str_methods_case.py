# Case methods: upper, lower, title, capitalize, swapcase (Chinese is left alone).
s = "hello World, 你好 python"
print(s.upper())
print(s.lower())
print(s.title())
print(s.capitalize())
print(s.swapcase())
print("MiXeD 123".lower(), "i'm fine".title(), "a1b2".upper())
print("ABC".isupper(), "abc".islower(), "Abc".istitle(), "中文".isupper())
