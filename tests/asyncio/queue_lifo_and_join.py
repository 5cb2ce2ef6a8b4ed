# LifoQueue hands out the newest item first; join waits until every item got its task_done; one too many task_done is a ValueError.
import asyncio


async def worker(q, name):
    while True:
        item = await q.get()
        await asyncio.sleep(item)
        print(name, "finished", item, "at", asyncio.get_running_loop().time())
        q.task_done()


async def main():
    q = asyncio.LifoQueue()
    for item in (1, 2, 3):
        q.put_nowait(item)
    workers = [asyncio.create_task(worker(q, f"w{i}")) for i in range(2)]
    await q.join()
    print("joined at", asyncio.get_running_loop().time())
    for w in workers:
        w.cancel()
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
