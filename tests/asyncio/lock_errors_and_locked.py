# Lock: locked() before and after acquire, release of an unlocked lock is a RuntimeError, acquire returns True.
import asyncio


async def main():
    lock = asyncio.Lock()
    print(lock.locked())
    print(await lock.acquire(), lock.locked())
    lock.release()
    print(lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)
    async with lock as got:
        print("inside async with:", got, lock.locked())
    print("after:", lock.locked())


asyncio.run(main())
