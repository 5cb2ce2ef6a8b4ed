# bench/lang/comp.py: a plain-Python workload for bench/lang_bench.sh.
t = 0
for i in range(2000):
    t += sum([x for x in range(100) if x & 1]) + len({x % 7 for x in range(50)}) + len({x: x for x in range(20)})
print(t)
