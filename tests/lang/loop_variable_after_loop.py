# A for loop's variable keeps its last value; a loop over nothing never binds it.
for i in range(3):
    pass
print("after loop i =", i)
for k in []:
    pass
try:
    print(k)
except NameError as e:
    print(type(e).__name__, e)
total = 0
for total in range(5):
    pass
print(total)
