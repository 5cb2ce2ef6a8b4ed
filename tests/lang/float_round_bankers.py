# round(): halves go to the even neighbour; ndigits; negative ndigits; result types.
for v in (0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999999999999994):
    print(v, round(v), type(round(v)).__name__)
print(round(2.675, 2), round(2.665, 2), round(1.005, 2), round(3.14159, 3))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(15, -1), round(25, -1))
print(round(5), round(5, 0), round(5.0, 0), round(7, 2), round(0.125, 2), round(0.375, 2))
print(round(123.456, -1), round(123.456, 0), round(-0.0), round(1e20), round(1.23456e-5, 7))
