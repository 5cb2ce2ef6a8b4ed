# Queue, LifoQueue and PriorityQueue order; the nowait variants raise QueueFull and QueueEmpty.
import asyncio

async def main():
    for cls in (asyncio.Queue, asyncio.LifoQueue, asyncio.PriorityQueue):
        q = cls()
        for x in (3, 1, 2):
            q.put_nowait(x)
        print(cls.__name__, q.qsize(), [q.get_nowait() for _ in range(3)], q.empty())
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("a")
    print("full:", q.full(), "maxsize:", q.maxsize)
    try:
        q.put_nowait("b")
    except asyncio.QueueFull:
        print("QueueFull")
    q.get_nowait()
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")

asyncio.run(main())
