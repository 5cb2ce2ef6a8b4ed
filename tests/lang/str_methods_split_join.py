# split / rsplit / splitlines / partition / join.
line = "  alpha  beta\tgamma\n delta "
print(line.split())
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a,b,,c".rsplit(",", 1))
print("a b c".split(" ", 0), "".split(), "".split(","), "x".split("x"))
print("one\ntwo\r\nthree\n".splitlines(), "one\ntwo\n".splitlines(True))
print("key=value=more".partition("="), "novalue".partition("="), "a.b.c".rpartition("."))
print("-".join(["2024", "01", "31"]), "".join(["a", "b"]), ", ".join("xyz"), " ".join([]))
print("、".join(["苹果", "香蕉", "橙子"]))
try:
    ", ".join([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    "abc".split("")
except ValueError as e:
    print(type(e).__name__, e)
