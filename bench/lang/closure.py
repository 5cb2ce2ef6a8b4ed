# bench/lang/closure.py: a plain-Python workload for bench/lang_bench.sh.
def mk(k):
    def f(x):
        return x + k
    return f
fs = [mk(i) for i in range(10)]
t = 0
for i in range(100000):
    for f in fs:
        t = f(t) % 1000003
print(t)
