# Seed 002, example 14: a read-modify-write split by an await loses updates even on one thread; a Lock around it fixes that.
import asyncio

counter = 0


async def bump_unsafely():
    global counter
    temp = counter
    temp += 1
    await asyncio.sleep(1)
    counter = temp


async def bump_with_lock(lock):
    global counter
    async with lock:
        temp = counter
        temp += 1
        await asyncio.sleep(1)
        counter = temp


async def main():
    global counter
    await asyncio.gather(*(bump_unsafely() for _ in range(5)))
    print("without a lock:", counter)
    counter = 0
    lock = asyncio.Lock()
    await asyncio.gather(*(bump_with_lock(lock) for _ in range(5)))
    print("with a lock:", counter, "at", asyncio.get_running_loop().time())


asyncio.run(main())
