# wait with a timeout shorter than every task: done is empty, nothing is cancelled, and the tasks finish later.
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(nap(t)) for t in (2, 3)]
    done, pending = await asyncio.wait(ts, timeout=1)
    print(len(done), len(pending), loop.time(), [t.cancelled() for t in ts])
    done, pending = await asyncio.wait(ts, timeout=1.5)
    print(len(done), len(pending), loop.time())
    done, pending = await asyncio.wait(ts)
    print(len(done), len(pending), loop.time())


asyncio.run(main())
