# bench/lang/lists.py: a plain-Python workload for bench/lang_bench.sh.
d = {}
for i in range(300000):
    d[i % 1000] = d.get(i % 1000, 0) + i
l = [x * x for x in range(300000) if x % 3]
l.sort(reverse=True)
print(len(d), sum(l) % 1000, l[:3])
