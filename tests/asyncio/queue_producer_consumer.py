# A bounded queue between a producer and two consumers, with task_done and join.
import asyncio

async def producer(q):
    for i in range(6):
        await q.put(i)
        print("put", i, "at", asyncio.get_running_loop().time(), "size", q.qsize())
    print("producer done")

async def consumer(name, q):
    while True:
        item = await q.get()
        await asyncio.sleep(0.5)
        print(name, "got", item, "at", asyncio.get_running_loop().time())
        q.task_done()

async def main():
    q = asyncio.Queue(maxsize=2)
    cons = [asyncio.create_task(consumer(n, q)) for n in ("A", "B")]
    await producer(q)
    await q.join()
    print("joined at", asyncio.get_running_loop().time())
    for c in cons:
        c.cancel()
    res = await asyncio.gather(*cons, return_exceptions=True)
    print([type(r).__name__ for r in res])

asyncio.run(main())
