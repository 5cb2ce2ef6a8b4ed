# An event loop running in another thread: run_coroutine_threadsafe hands it coroutines and returns concurrent Futures; call_soon_threadsafe(loop.stop) ends it.
import asyncio
import threading
import time

loop = asyncio.new_event_loop()

def run_loop():
    asyncio.set_event_loop(loop)
    print("loop thread:", threading.current_thread().name, "running")
    loop.run_forever()
    print("loop thread: run_forever returned")

async def work(x):
    print("work", x, "runs in", threading.current_thread().name)
    await asyncio.sleep(2)
    return x * x

t = threading.Thread(target=run_loop, name="loop-thread")
t.start()
time.sleep(1)
f1 = asyncio.run_coroutine_threadsafe(work(3), loop)
f2 = asyncio.run_coroutine_threadsafe(work(4), loop)
time.sleep(1)
print("main got", type(f1).__name__, "objects and waits")
print("results:", f1.result(), f2.result())
loop.call_soon_threadsafe(print, "a callback posted from", threading.current_thread().name)
time.sleep(1)
loop.call_soon_threadsafe(loop.stop)
t.join()
print("loop running:", loop.is_running(), "closed:", loop.is_closed())
loop.close()
print("closed:", loop.is_closed())
