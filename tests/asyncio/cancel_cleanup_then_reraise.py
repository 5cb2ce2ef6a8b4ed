# Cleanup on cancellation: the except block awaits (a cleanup sleep) before re-raising; the canceller waits for all of it.
import asyncio


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("cleaning up at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.5)
        print("cleanup done at", asyncio.get_running_loop().time())
        raise
    finally:
        print("finally")


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("worker cancelled at", asyncio.get_running_loop().time())


asyncio.run(main())
