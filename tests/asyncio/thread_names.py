# Thread names as CPython 3.11 gives them: MainThread, "Thread-N (target)", explicit names, executor workers "<prefix>_<n>".
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

def who():
    return threading.current_thread().name

def show(tag):
    time.sleep(0.5)
    print(tag, "runs on", who())

print("main runs on", who(), threading.main_thread().name, threading.current_thread() is threading.main_thread())

t1 = threading.Thread(target=show, args=("t1",))
t2 = threading.Thread(target=show, args=("t2",), name="named")
t3 = threading.Thread(target=lambda: show("t3"))
t4 = threading.Thread()
print(t1.name, "|", t2.name, "|", t3.name, "|", t4.name)
for t in (t1, t2, t3):
    t.start()
    t.join()

class Downloader(threading.Thread):
    def run(self):
        show("subclass")

d = Downloader()
print(d.name, d.daemon)
d.start()
d.join()

with ThreadPoolExecutor(max_workers=1) as pool:
    print("pool 1:", pool.submit(who).result())
with ThreadPoolExecutor(max_workers=1) as pool:
    print("pool 2:", pool.submit(who).result())
with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fetch") as pool:
    print("prefixed:", pool.submit(who).result())

async def main():
    print("to_thread:", await asyncio.to_thread(who))
    loop = asyncio.get_running_loop()
    print("default executor:", await loop.run_in_executor(None, who))

asyncio.run(main())
print("daemon inherited:", threading.Thread(target=who).daemon,
      threading.Thread(target=who, daemon=True).daemon)
