# str.format with automatic, numbered and named fields, alignment and braces.
print("{} + {} = {}".format(1, 2, 3))
print("{0} {1} {0}".format("a", "b"))
print("{name} is {age}".format(name="Ann", age=30))
print("{0}-{name}-{1}".format("x", "y", name="z"))
print("[{:>8}] [{:<8}] [{:^8}] [{:*^8}] [{:08.3f}]".format("r", "l", "c", "s", 3.14159))
print("{{literal}} {}".format("v"), "{:,}".format(1234567), "{:.2%}".format(0.256))
print("{0!r} {0!s}".format("q"), "{:>{w}}".format("w", w=5))
