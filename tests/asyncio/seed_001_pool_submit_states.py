# Seed 001, the concurrent.futures example: a pool of two threads gets four jobs with submit; each call hands back a concurrent.futures.Future at once.
# The article prints the futures' reprs (which hold addresses) and its jobs all sleep one second, so they finish in any order;
# here the jobs last 2 or 3 seconds so they finish in a fixed order, and the states are read through the public methods.
import time
from concurrent.futures import ThreadPoolExecutor


def job(value):
    time.sleep(2 + value % 2)
    print("job", value, "finished")
    return 123


def state(fut):
    if fut.done():
        return "finished"
    return "running" if fut.running() else "pending"


pool = ThreadPoolExecutor(max_workers=2)
futures = [pool.submit(job, i) for i in range(4)]
print("submit returned at once:", type(futures[0]).__name__)

time.sleep(1)
print("after 1s:", [state(f) for f in futures])   # two workers, so two jobs wait

time.sleep(4)
print("after 5s:", [state(f) for f in futures])

print("results:", [f.result() for f in futures])
pool.shutdown()
