# bench/lang/calls.py: a plain-Python workload for bench/lang_bench.sh.
def add(a, b):
    return a + b
t = 0
for i in range(1000000):
    t = add(t, i)
print(t)
