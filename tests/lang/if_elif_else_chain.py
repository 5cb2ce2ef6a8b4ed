# if / elif / else chains, nested ifs, and one-line bodies.
def grade(score):
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    else:
        return "F"
for s in (95, 85, 72, 10, 90, 89.9):
    print(s, grade(s))
x = 7
if x > 5:
    if x % 2:
        print("big odd")
    else:
        print("big even")
if x: print("one-line body")
if []:
    print("no")
elif {}:
    print("no")
else:
    print("else branch")
