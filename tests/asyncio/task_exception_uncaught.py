# An exception in an awaited task propagates out of asyncio.run: traceback, exit status 1.
import asyncio

async def fetch(n):
    await asyncio.sleep(n)
    if n == 2:
        raise RuntimeError(f"fetch {n} failed")
    print("fetched", n)
    return n

async def main():
    results = await asyncio.gather(fetch(1), fetch(2), fetch(3))
    print("not reached", results)

asyncio.run(main())
