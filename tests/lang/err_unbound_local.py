# Assigning to a name anywhere in a function makes it local everywhere in that function.
total = 10
def broken():
    print("start")
    total += 1
    return total
try:
    broken()
except UnboundLocalError as e:
    print(type(e).__name__, e)
print(isinstance(UnboundLocalError(), NameError))
broken()
