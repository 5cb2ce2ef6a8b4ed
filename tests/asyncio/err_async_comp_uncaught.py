# An exception raised inside an async comprehension's await ends the run with a traceback through the comprehension.
import asyncio


async def check(x):
    await asyncio.sleep(0.5)
    if x == 2:
        raise KeyError(x)
    return x


async def main():
    out = [await check(x) for x in range(4)]
    print("never", out)


asyncio.run(main())
