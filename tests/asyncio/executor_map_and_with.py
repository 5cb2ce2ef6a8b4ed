# ThreadPoolExecutor.map gives results in argument order though the calls end in another order; the with-block waits for every job.
import threading
import time
from concurrent.futures import ThreadPoolExecutor

def slow_square(n):
    time.sleep({1: 6, 2: 2, 3: 4}[n])
    print(f"square of {n} computed on {threading.current_thread().name}")
    return n * n

with ThreadPoolExecutor(max_workers=3) as pool:
    results = pool.map(slow_square, [1, 2, 3])
    print("map returned an iterator at once:", type(results).__name__)
    print("results in argument order:", list(results))
    print("pairs:", list(pool.map(pow, [2, 3], [5, 2])))

def job(n):
    time.sleep(n)
    print(f"job {n} finished")

with ThreadPoolExecutor(max_workers=2) as pool:
    for n in (4, 2):
        pool.submit(job, n)
    print("leaving the with-block")
print("after the with-block: every job finished")
