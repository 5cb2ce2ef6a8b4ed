# join on a queue with no unfinished items returns at once; after a put it waits for the matching task_done.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    q = asyncio.Queue()
    await q.join()
    print("empty join returned at", loop.time())
    q.put_nowait("x")
    q.get_nowait()
    loop.call_later(2, q.task_done)
    await q.join()
    print("join returned at", loop.time())


asyncio.run(main())
