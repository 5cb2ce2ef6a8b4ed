# asyncio.Lock: waiters take the lock in the order they asked for it; async with releases it.
import asyncio

async def worker(name, lock, hold):
    print(name, "wants the lock at", asyncio.get_running_loop().time())
    async with lock:
        print(name, "has the lock at", asyncio.get_running_loop().time(), "locked:", lock.locked())
        await asyncio.sleep(hold)
    print(name, "released it")

async def main():
    lock = asyncio.Lock()
    print("locked at start:", lock.locked())
    await asyncio.gather(worker("a", lock, 1), worker("b", lock, 0.5), worker("c", lock, 0))
    print("locked at end:", lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
