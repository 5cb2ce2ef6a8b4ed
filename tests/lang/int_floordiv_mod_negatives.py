# Floor division and modulo round toward negative infinity, as Python does.
for a in (7, -7):
    for b in (2, -2):
        print(f"{a} // {b} = {a // b}   {a} % {b} = {a % b}   divmod = {divmod(a, b)}")
print(-1 // 10, -1 % 10, 1 % -10)
print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2)
print(divmod(7.5, 2), divmod(-7.5, 2))
print(0 % 5, 5 % 5, -0 // 3)
