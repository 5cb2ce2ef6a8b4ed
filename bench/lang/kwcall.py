# bench/lang/kwcall.py: a plain-Python workload for bench/lang_bench.sh.
def f(a, b=1, *args, c=2, **kw):
    return a + b + c + len(args) + len(kw)
t = 0
for i in range(300000):
    t += f(i, c=3) + f(1, 2, 3, 4, d=5)
print(t)
