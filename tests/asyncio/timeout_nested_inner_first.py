# Nested asyncio.timeout blocks: the inner deadline comes first, so only the inner block raises TimeoutError; the outer goes on.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(5) as outer:
        try:
            async with asyncio.timeout(1) as inner:
                await asyncio.sleep(3)
        except TimeoutError:
            print("inner expired at", loop.time(), inner.expired(), outer.expired())
        await asyncio.sleep(1)
        print("outer still fine at", loop.time(), outer.expired())
    print(repr(inner), repr(outer))


asyncio.run(main())
