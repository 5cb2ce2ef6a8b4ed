# Cancelling a task blocked in asyncio.wait cancels only that task: the futures it was waiting on keep running.
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    print("nap", t, "done at", asyncio.get_running_loop().time())
    return t


async def waiter(tasks):
    try:
        await asyncio.wait(tasks)
    except asyncio.CancelledError:
        print("waiter cancelled at", asyncio.get_running_loop().time())
        raise


async def main():
    tasks = [asyncio.create_task(nap(t)) for t in (1, 2)]
    w = asyncio.create_task(waiter(tasks))
    await asyncio.sleep(0.5)
    w.cancel()
    await asyncio.gather(*tasks)
    print("children cancelled:", [t.cancelled() for t in tasks], "waiter:", w.cancelled())


asyncio.run(main())
