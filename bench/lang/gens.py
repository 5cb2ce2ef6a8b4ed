# bench/lang/gens.py: a plain-Python workload for bench/lang_bench.sh.
def g(n):
    for i in range(n):
        yield i
print(sum(g(500000)), sum(x for x in range(500000)))
