# shutdown(wait=False, cancel_futures=True): the queued jobs are cancelled at once, the running one finishes; submit afterwards is refused.
import time
from concurrent.futures import ThreadPoolExecutor

def job(n):
    time.sleep(2)
    print("job", n, "finished")
    return n

pool = ThreadPoolExecutor(max_workers=1)
futures = [pool.submit(job, n) for n in range(4)]
time.sleep(1)
pool.shutdown(wait=False, cancel_futures=True)
print("after shutdown:", ["cancelled" if f.cancelled() else "running" if f.running() else "?" for f in futures])
print("first result:", futures[0].result())
try:
    pool.submit(job, 9)
except RuntimeError as e:
    print("RuntimeError:", e)
