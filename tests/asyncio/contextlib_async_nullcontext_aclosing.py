# nullcontext works with async with; aclosing closes an async generator that was not run to its end.
import asyncio
from contextlib import aclosing, nullcontext


async def numbers():
    try:
        for i in range(10):
            await asyncio.sleep(0.1)
            yield i
    finally:
        print("numbers closed at", round(asyncio.get_running_loop().time(), 6))


async def main():
    async with nullcontext("n") as v:
        print("async nullcontext gives", v)
    async with aclosing(numbers()) as gen:
        async for x in gen:
            print("got", x)
            if x == 2:
                break
    print("after aclosing")


asyncio.run(main())
