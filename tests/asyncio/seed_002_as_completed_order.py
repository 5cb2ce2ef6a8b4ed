# Seed 002, example 8: as_completed yields awaitables in finishing order: 1, 2, 3 from coroutines passed as 3, 1, 2.
import asyncio
import time


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    coros = [nap(3), nap(1), nap(2)]
    for next_done in asyncio.as_completed(coros):
        r = await next_done
        print(r, "at", time.time())


asyncio.run(main())
