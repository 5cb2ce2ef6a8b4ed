# bench/lang/meth.py: a plain-Python workload for bench/lang_bench.sh.
words = "the quick brown fox jumps over the lazy dog".split()
c = {}
for i in range(100000):
    w = words[i % 9].upper().lower()
    c[w] = c.get(w, 0) + 1
    if w.startswith("t") and "e" in w: c[w] += 0
print(sorted(c.items()))
