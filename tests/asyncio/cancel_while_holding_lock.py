# A task cancelled while holding a Lock inside async with releases it on the way out; the next waiter gets it.
import asyncio


async def holder(lock):
    async with lock:
        print("holder has the lock")
        try:
            await asyncio.sleep(10)
        finally:
            print("holder leaving, locked:", lock.locked())


async def waiter(lock):
    async with lock:
        print("waiter has the lock at", asyncio.get_running_loop().time())


async def main():
    lock = asyncio.Lock()
    h = asyncio.create_task(holder(lock))
    w = asyncio.create_task(waiter(lock))
    await asyncio.sleep(1)
    h.cancel()
    await w
    print("holder cancelled:", h.cancelled(), "locked now:", lock.locked())


asyncio.run(main())
