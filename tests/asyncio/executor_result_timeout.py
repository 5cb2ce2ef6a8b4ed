# Future.result(timeout) raises TimeoutError while the job runs on; cancel() stops a job still queued, not one running.
import time
import concurrent.futures

def job(secs):
    time.sleep(secs)
    return f"slept {secs}s"

pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
running = pool.submit(job, 10)
queued = pool.submit(job, 1)
try:
    running.result(timeout=0.2)
except concurrent.futures.TimeoutError as e:
    print("TimeoutError:", type(e).__name__, isinstance(e, TimeoutError))
print("cancel the running one:", running.cancel(), "running", running.running())
print("cancel the queued one:", queued.cancel(), "cancelled", queued.cancelled(), "done", queued.done())
try:
    queued.result()
except concurrent.futures.CancelledError as e:
    print("result() of a cancelled future:", type(e).__name__)
print("the running one still ends:", running.result())
pool.shutdown()
