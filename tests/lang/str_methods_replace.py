# replace, with and without a count; strings are immutable.
s = "one fish two fish red fish"
print(s.replace("fish", "bird"))
print(s.replace("fish", "bird", 2))
print(s.replace(" ", ""), s.replace("", "-")[:12], "aaa".replace("a", "b", 0))
print(s)
print("我爱 Python".replace("Python", "异步"))
