# asend passes a value into an async generator: the first asend must be None; the generator's await between yields takes virtual time.
import asyncio


async def accumulator():
    total = 0
    while True:
        got = yield total
        await asyncio.sleep(got)
        total += got


async def main():
    g = accumulator()
    print(await g.asend(None))
    print(await g.asend(1))
    print(await g.asend(2), asyncio.get_running_loop().time())
    g2 = accumulator()
    try:
        await g2.asend(5)
    except TypeError as e:
        print("TypeError:", e)
    await g.aclose()


asyncio.run(main())
