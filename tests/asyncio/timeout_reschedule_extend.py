# Timeout.reschedule moves the deadline while the block runs: later, earlier, or off (None); when() reports it.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(1) as cm:
        print("when:", cm.when())
        cm.reschedule(loop.time() + 3)
        await asyncio.sleep(2)
        print("survived past the first deadline at", loop.time(), cm.when())
        cm.reschedule(None)
        await asyncio.sleep(5)
        print("no deadline at all:", cm.when(), loop.time())
    try:
        async with asyncio.timeout(10) as cm:
            cm.reschedule(loop.time() + 0.25)
            await asyncio.sleep(1)
    except TimeoutError:
        print("pulled in, expired at", loop.time())
    try:
        cm.reschedule(1)
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
