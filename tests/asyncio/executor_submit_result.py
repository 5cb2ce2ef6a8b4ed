# ThreadPoolExecutor.submit: a Future per call, with args and kwargs; result() waits, exception() hands the error back, done()/running() say where it is.
import time
from concurrent.futures import ThreadPoolExecutor

def area(width, height=1, *, scale=1):
    time.sleep(2)
    return width * height * scale

def broken(msg):
    time.sleep(1)
    raise ValueError(msg)

pool = ThreadPoolExecutor(max_workers=2)
f1 = pool.submit(area, 3, 4)
f2 = pool.submit(area, 5, scale=10)
print("right after submit: running", f1.running(), "done", f1.done())
print("results:", f1.result(), f2.result())
print("after result: running", f1.running(), "done", f1.done(), "cancelled", f1.cancelled())
f3 = pool.submit(broken, "no such item")
e = f3.exception()
print("exception():", type(e).__name__, e)
try:
    f3.result()
except ValueError as err:
    print("result() raised:", err)
print("a finished future's exception():", f1.exception())
pool.shutdown()
try:
    pool.submit(area, 1)
except RuntimeError as err:
    print("RuntimeError:", err)
