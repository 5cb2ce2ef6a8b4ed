# Semaphore(2) with five workers: two run at once, the others enter in the order they asked as slots free up.
import asyncio


async def worker(sem, n, t):
    async with sem:
        print(f"{asyncio.get_running_loop().time():.1f} worker {n} in")
        await asyncio.sleep(t)
    print(f"{asyncio.get_running_loop().time():.1f} worker {n} out")


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(worker(sem, n, t) for n, t in enumerate((1, 2, 1, 1, 0.5))))
    print("locked at the end:", sem.locked())


asyncio.run(main())
