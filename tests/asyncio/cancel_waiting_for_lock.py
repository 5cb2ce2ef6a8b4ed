# A task cancelled while waiting to acquire a Lock leaves the queue; the lock goes to the next waiter instead.
import asyncio


async def user(lock, name, hold):
    try:
        async with lock:
            print(name, "acquired at", asyncio.get_running_loop().time())
            await asyncio.sleep(hold)
    except asyncio.CancelledError:
        print(name, "cancelled while waiting")
        raise


async def main():
    lock = asyncio.Lock()
    a = asyncio.create_task(user(lock, "a", 2))
    b = asyncio.create_task(user(lock, "b", 1))
    c = asyncio.create_task(user(lock, "c", 1))
    await asyncio.sleep(1)
    b.cancel()
    await asyncio.gather(a, b, c, return_exceptions=True)
    print("b cancelled:", b.cancelled(), "locked:", lock.locked())


asyncio.run(main())
