# bench/lang/exc.py: a plain-Python workload for bench/lang_bench.sh.
n = 0
for i in range(200000):
    try:
        if i % 2: raise ValueError(i)
        n += 1
    except ValueError as e:
        n -= 1
print(n)
