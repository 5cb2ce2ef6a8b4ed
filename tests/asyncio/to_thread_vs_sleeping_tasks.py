# asyncio.to_thread runs a blocking call on a worker thread: the loop keeps running the other tasks while it sleeps.
import asyncio
import threading
import time

def blocking_io(secs):
    print("blocking_io starts on", threading.current_thread().name)
    time.sleep(secs)
    print("blocking_io ends")
    return secs * 100

async def ticker(name, period, count):
    for i in range(count):
        await asyncio.sleep(period)
        print(f"{name} tick {i}")

async def main():
    result, _, _ = await asyncio.gather(
        asyncio.to_thread(blocking_io, 7),
        ticker("fast", 2, 3),
        ticker("slow", 5, 2),
    )
    print("to_thread result", result)
    print("to_thread is a coroutine function call:", asyncio.iscoroutine(asyncio.to_thread(print, "x")))

asyncio.run(main())
