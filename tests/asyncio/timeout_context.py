# asyncio.timeout (3.11): the block is cancelled at its deadline and TimeoutError comes out; reschedule and expired().
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1.5) as cm:
            print("entered, when =", cm.when())
            await asyncio.sleep(10)
    except TimeoutError:
        print("timed out at", loop.time(), "expired:", cm.expired())
    async with asyncio.timeout(None) as cm:
        cm.reschedule(loop.time() + 5)
        await asyncio.sleep(1)
        print("not expired:", cm.expired(), "when:", cm.when())
    print("left the block at", loop.time())
    try:
        async with asyncio.timeout_at(loop.time() + 0.5):
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("inner saw CancelledError at", loop.time())
                raise
    except TimeoutError:
        print("TimeoutError at", loop.time())

asyncio.run(main())
