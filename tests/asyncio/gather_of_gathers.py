# gather of gathers: results nest as the calls do, and every leaf runs concurrently (2s in all).
import asyncio


async def leaf(v, t):
    await asyncio.sleep(t)
    return v


async def main():
    loop = asyncio.get_running_loop()
    left = asyncio.gather(leaf("a", 1), leaf("b", 2))
    right = asyncio.gather(leaf("c", 2), asyncio.gather(leaf("d", 1), leaf("e", 0)))
    print(await asyncio.gather(left, right, leaf("f", 1)), loop.time())


asyncio.run(main())
