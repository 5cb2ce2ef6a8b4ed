# String comparison is by code point; ord/chr; sorting with and without a key.
print("a" < "b", "apple" < "banana", "Z" < "a", "abc" < "abd", "ab" < "abc", "" < "a")
print("10" < "9", "B" == "B", "a" != "A", ord("a"), ord("A"), chr(97), chr(0x4e2d))
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=lambda w: (len(w), w)))
print(max(words), min(words))
