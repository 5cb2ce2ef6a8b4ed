# A consumer cancelled while blocked in Queue.get loses nothing: a later put goes to the other consumer.
import asyncio


async def consumer(q, name):
    try:
        item = await q.get()
        print(name, "got", item)
    except asyncio.CancelledError:
        print(name, "cancelled in get")
        raise


async def main():
    q = asyncio.Queue()
    first = asyncio.create_task(consumer(q, "first"))
    second = asyncio.create_task(consumer(q, "second"))
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.sleep(0)
    q.put_nowait("item-1")
    await second
    print("queue size:", q.qsize(), "first cancelled:", first.cancelled())


asyncio.run(main())
