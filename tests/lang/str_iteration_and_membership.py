# Iterating over a string, membership tests and counting characters.
word = "mississippi"
counts = {}
for ch in word:
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print([c for c in "abc"], list("hi"), tuple("ok"), set("aab") == {"a", "b"})
print("ss" in word, "x" not in word, word.count("ss"), len(word))
for i, ch in enumerate("猫狗"):
    print(i, ch)
