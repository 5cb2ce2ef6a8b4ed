# bench/lang/strings.py: a plain-Python workload for bench/lang_bench.sh.
s = ""
for i in range(300000):
    s += str(i % 10)
parts = []
for i in range(200000):
    parts.append(f"{i}:{i*2}")
print(len(s), len(",".join(parts)))
