# A plain thread hands results to the event loop with loop.call_soon_threadsafe: setting an asyncio Future from another thread wakes the task awaiting it.
import asyncio
import threading
import time

def worker(loop, fut, progress):
    for step in range(3):
        time.sleep(2)
        loop.call_soon_threadsafe(progress, step)
    loop.call_soon_threadsafe(fut.set_result, "worker result")

async def heartbeat():
    for i in range(4):
        await asyncio.sleep(2.5)
        print("heartbeat", i)

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    def progress(step):
        print("progress", step, "reported in", threading.current_thread().name)
    t = threading.Thread(target=worker, args=(loop, fut, progress))
    t.start()
    beat = asyncio.create_task(heartbeat())
    print("awaiting:", await fut)
    t.join()
    await beat
    h = loop.call_soon_threadsafe(print, "never printed")
    h.cancel()
    await asyncio.sleep(0)
    print("cancelled handle:", h.cancelled())

asyncio.run(main())
