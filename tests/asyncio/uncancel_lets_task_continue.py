# 3.11's cancelling()/uncancel(): a task that handles its cancellation and calls uncancel() is no longer cancelling, so a later asyncio.timeout still works.
import asyncio


async def worker():
    me = asyncio.current_task()
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("cancelled; cancelling() =", me.cancelling())
        print("uncancel() ->", me.uncancel())
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(5)
    except TimeoutError:
        print("timeout still detected at", asyncio.get_running_loop().time())
    return "worker done"


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel()
    print(await t, t.cancelling())


asyncio.run(main())
