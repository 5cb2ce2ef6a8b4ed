# asyncio.Semaphore(2) lets two tasks in at a time; BoundedSemaphore refuses an extra release.
import asyncio

async def job(i, sem):
    async with sem:
        print("job", i, "in at", asyncio.get_running_loop().time())
        await asyncio.sleep(1)
    print("job", i, "out")

async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(job(i, sem) for i in range(5)))
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    print("locked:", b.locked())
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
