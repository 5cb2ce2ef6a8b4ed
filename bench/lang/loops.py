# bench/lang/loops.py: a plain-Python workload for bench/lang_bench.sh.
t = 0
for i in range(3000000):
    t += i * 2
print(t)
