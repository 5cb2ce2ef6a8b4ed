# as_completed with a timeout: results before the deadline come out, then TimeoutError; the rest are not cancelled.
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(nap(t)) for t in (3, 1, 2, 0.5)]
    try:
        for aw in asyncio.as_completed(tasks, timeout=1.5):
            print("got", await aw, "at", loop.time())
    except asyncio.TimeoutError:
        print("TimeoutError at", loop.time())
    print([t.done() for t in tasks], [t.cancelled() for t in tasks])
    await asyncio.gather(*tasks)
    print("all done at", loop.time())


asyncio.run(main())
