# A task cancelled while waiting on a Semaphore gives up its place; the released slot goes to the next waiter.
import asyncio


async def user(sem, name):
    try:
        async with sem:
            print(name, "in at", asyncio.get_running_loop().time())
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled before getting in")
        raise


async def main():
    sem = asyncio.Semaphore(1)
    tasks = [asyncio.create_task(user(sem, n)) for n in "abc"]
    await asyncio.sleep(0.5)
    tasks[1].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("semaphore locked:", sem.locked())


asyncio.run(main())
