# wait_for times out, but the inner coroutine swallows the cancellation and returns a value: 3.11's wait_for returns that value.
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("inner ignores the cancel at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.5)
        return "late value"


async def main():
    loop = asyncio.get_running_loop()
    try:
        print("wait_for returned", await asyncio.wait_for(stubborn(), 1), "at", loop.time())
    except asyncio.TimeoutError:
        print("TimeoutError at", loop.time())


asyncio.run(main())
