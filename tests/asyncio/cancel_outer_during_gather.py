# Cancelling the task that awaits gather cancels the gather, which cancels every child still running.
import asyncio


async def child(n):
    try:
        await asyncio.sleep(n)
        print("child", n, "finished")
    except asyncio.CancelledError:
        print("child", n, "cancelled")
        raise


async def parent():
    try:
        await asyncio.gather(child(1), child(2), child(3))
    except asyncio.CancelledError:
        print("parent cancelled at", asyncio.get_running_loop().time())
        raise


async def main():
    p = asyncio.create_task(parent())
    await asyncio.sleep(1.5)
    p.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("parent:", p.cancelled())


asyncio.run(main())
