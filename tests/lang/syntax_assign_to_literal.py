# Assigning to a literal.
x = 5
if x:
    1 = x
