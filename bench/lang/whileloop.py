# bench/lang/whileloop.py: a plain-Python workload for bench/lang_bench.sh.
i = 0
n = 0
while i < 2000000:
    if i % 3 == 0:
        n += 1
    i += 1
print(n)
