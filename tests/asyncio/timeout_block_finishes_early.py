# A timeout block that ends before its deadline leaves no trace: no error, expired() is False, and the later deadline does nothing.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(2) as cm:
        await asyncio.sleep(1)
    print("block done at", loop.time(), "expired:", cm.expired(), repr(cm))
    await asyncio.sleep(2)
    print("after the old deadline at", loop.time(), "cancelling:", asyncio.current_task().cancelling())
    try:
        async with cm:
            pass
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
