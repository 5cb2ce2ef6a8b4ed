# BoundedSemaphore refuses a release above its initial value with ValueError; a plain Semaphore just grows.
import asyncio


async def main():
    b = asyncio.BoundedSemaphore(2)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)
    s = asyncio.Semaphore(1)
    s.release()
    s.release()
    got = [await s.acquire() for _ in range(3)]
    print("plain semaphore acquired", len(got), "times; locked:", s.locked())
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
