# Future.add_done_callback runs on the thread that finishes the future, or at once when it is already done.
import threading
import time
from concurrent.futures import ThreadPoolExecutor

def report(fut):
    print("callback on", threading.current_thread().name, "sees", fut.result())

def job(n):
    time.sleep(2)
    return n * 2

with ThreadPoolExecutor(max_workers=1, thread_name_prefix="worker") as pool:
    f = pool.submit(job, 21)
    f.add_done_callback(report)
    print("callback registered; waiting")
    print("result", f.result())
    time.sleep(1)
    f.add_done_callback(report)
    g = pool.submit(job, 5)
    g.add_done_callback(lambda fut: print("lambda callback, cancelled:", fut.cancelled()))
print("pool closed")
