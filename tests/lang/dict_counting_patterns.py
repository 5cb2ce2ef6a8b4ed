# Counting words with get(); grouping; sorting by count then word.
text = "the quick brown fox jumps over the lazy dog the end fox"
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
print(top)
by_len = {}
for w in sorted(set(text.split())):
    by_len.setdefault(len(w), []).append(w)
print(dict(sorted(by_len.items())))
