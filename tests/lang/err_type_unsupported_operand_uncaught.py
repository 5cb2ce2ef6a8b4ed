# An uncaught TypeError: unsupported operand type(s) for +: 'int' and 'str'.
count = 3
label = " items"
print(str(count) + label)
print(count + label)
