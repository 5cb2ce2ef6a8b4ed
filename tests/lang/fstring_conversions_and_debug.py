# f-string conversions !r !s !a and the self-documenting form {x=}.
x = 3.5
s = "text"
items = [1, "two"]
print(f"{s!r} {s!s} {s} {items!r} {items}")
print(f"{x=}")
print(f"{s=}")
print(f"{x = }")
print(f"{x=:.2f}")
print(f"{x*2=}")
print(f"{items[1]=}")
print(f"{s=!s}")
print(f"{'中文'!r} {'中文'!a}")
