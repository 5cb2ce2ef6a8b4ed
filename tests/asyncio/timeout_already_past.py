# asyncio.timeout_at with a deadline already past cancels at the first await; timeout(0) too; timeout(None) never expires.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1)
    try:
        async with asyncio.timeout_at(loop.time() - 5):
            print("body starts")
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("expired at once, at", loop.time())
    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout(0) expired at", loop.time())
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(2)
    print("timeout(None):", cm.when(), cm.expired(), loop.time())


asyncio.run(main())
