# wait(timeout=0) still gives the loop one turn: tasks already done are in done, the rest pending; the clock does not move.
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    loop = asyncio.get_running_loop()
    fast = asyncio.create_task(nap(0))
    slow = asyncio.create_task(nap(1))
    done, pending = await asyncio.wait([fast, slow], timeout=0)
    print(fast in done, slow in pending, loop.time())
    done, pending = await asyncio.wait([fast, slow], timeout=0)
    print(fast in done, slow in pending, loop.time())
    await slow


asyncio.run(main())
