# find / rfind / index / rindex / count / in.
s = "the cat sat on the mat"
print(s.find("at"), s.rfind("at"), s.find("dog"), s.find("the", 1), s.find("at", 5, 10))
print(s.index("sat"), s.rindex("the"), s.count("at"), s.count("the"), s.count(""), "aaaa".count("aa"))
print("cat" in s, "dog" in s, "" in s, "cat" not in s)
print("你好世界你好".find("世界"), "你好世界你好".count("你好"))
try:
    s.index("dog")
except ValueError as e:
    print(type(e).__name__, e)
