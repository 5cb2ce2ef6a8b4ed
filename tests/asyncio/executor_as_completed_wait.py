# concurrent.futures.as_completed yields futures as they finish; wait() returns (done, not_done) at FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED.
import time
from concurrent.futures import (ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION,
                                ThreadPoolExecutor, as_completed, wait)

def nap(label, secs, fail=False):
    time.sleep(secs)
    if fail:
        raise RuntimeError(f"{label} failed")
    return label

with ThreadPoolExecutor(max_workers=3) as pool:
    futures = {pool.submit(nap, label, secs): label for label, secs in (("slow", 6), ("fast", 2), ("mid", 4))}
    for f in as_completed(futures):
        print("as_completed:", futures[f], "->", f.result())

with ThreadPoolExecutor(max_workers=3) as pool:
    fs = [pool.submit(nap, "a", 2), pool.submit(nap, "b", 6)]
    done, not_done = wait(fs, return_when=FIRST_COMPLETED)
    print("FIRST_COMPLETED:", sorted(f.result() for f in done), len(not_done), "pending")
    res = wait(fs, return_when=ALL_COMPLETED)
    print("ALL_COMPLETED:", sorted(f.result() for f in res.done), len(res.not_done), "pending")

with ThreadPoolExecutor(max_workers=3) as pool:
    fs = [pool.submit(nap, "ok", 2), pool.submit(nap, "bad", 4, True), pool.submit(nap, "late", 8)]
    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
    print("FIRST_EXCEPTION:", len(done), "done,", len(not_done), "not done")
    for f in fs:
        if f.done():
            print(" ", "error" if f.exception() else "value", f.exception() or f.result())
