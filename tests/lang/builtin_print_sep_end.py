# print: several arguments, sep, end, empty print, and file=sys.stdout.
import sys
print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", "c", sep=", ")
print("no newline", end="")
print(" -> continued")
print("x", end="|")
print("y", end="|\n")
print()
print(1, 2.5, None, True, [1], sep=" / ", end=" <end>\n")
print("to stdout explicitly", file=sys.stdout)
print("flushed", flush=True)
print(*range(5))
print("多", "个", "参数", sep="·")
print("", "leading sep")
try:
    print("x", sep=5)
except TypeError as e:
    print(type(e).__name__, e)
