# Concatenation, repetition and building strings in a loop.
a = "ab" + "cd"
print(a, a * 3, 3 * "-", repr("ab" * 0), repr("ab" * -1))
out = ""
for i in range(5):
    out += str(i) + ","
print(out, len(out))
parts = []
for word in ["异步", "编程", "入门"]:
    parts.append(word)
print("".join(parts), "=" * 20)
print("adjacent " "literals " 'join')
