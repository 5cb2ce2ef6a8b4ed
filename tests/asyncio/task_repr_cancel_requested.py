# Right after cancel(): a task waiting on a future shows as pending (its future is cancelled), one that has not started shows as cancelling.
import asyncio


async def sleeper():
    await asyncio.sleep(10)


async def waiter(fut):
    await fut


async def main():
    loop = asyncio.get_running_loop()
    s = asyncio.create_task(sleeper(), name="sleeper")
    fut = loop.create_future()
    w = asyncio.create_task(waiter(fut), name="waiter")
    await asyncio.sleep(0)
    s.cancel()
    w.cancel()
    print(s)
    print(w)
    print(fut)
    fresh = asyncio.create_task(sleeper(), name="fresh")
    fresh.cancel()
    print(fresh)
    await asyncio.sleep(0)
    print(s)
    print(fresh)


asyncio.run(main())
