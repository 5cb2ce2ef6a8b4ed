# A pool of two workers: the first two jobs start at once (running), the others wait in the queue (pending); at exit the interpreter waits for them all.
import time
from concurrent.futures import ThreadPoolExecutor

def func(value):
    time.sleep(2 * (value + 1))
    print("job", value, "done")
    return value * 10

def state(fut):
    return "running" if fut.running() else "finished" if fut.done() else "pending"

pool = ThreadPoolExecutor(max_workers=2)
futures = []
for i in range(4):
    fut = pool.submit(func, i)
    futures.append(fut)
    print("submitted", i, "->", state(fut))
print("states:", [state(f) for f in futures])
print("the script ends without shutdown()")
