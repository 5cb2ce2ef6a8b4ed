# A producer cancelled while blocked in put on a full queue does not add its item; a later getter never sees it.
import asyncio


async def producer(q, item):
    try:
        await q.put(item)
        print("put", item)
    except asyncio.CancelledError:
        print("put of", item, "cancelled")
        raise


async def main():
    q = asyncio.Queue(1)
    q.put_nowait("first")
    a = asyncio.create_task(producer(q, "second"))
    b = asyncio.create_task(producer(q, "third"))
    await asyncio.sleep(0)
    a.cancel()
    await asyncio.sleep(0)
    print(q.get_nowait())
    await b
    print(q.get_nowait(), q.qsize())


asyncio.run(main())
