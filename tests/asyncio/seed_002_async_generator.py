# Seed 002, example 17: an async generator that sleeps between values, consumed with async for (ten values, a second apart).
import asyncio
import time


async def ticks():
    for i in range(10):
        await asyncio.sleep(1)
        yield i


async def main():
    async for i in ticks():
        print(i, time.time())


asyncio.run(main())
