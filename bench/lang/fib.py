# bench/lang/fib.py: a plain-Python workload for bench/lang_bench.sh.
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(27))
