# put_nowait on a full queue raises QueueFull, get_nowait on an empty one QueueEmpty; both are plain Exceptions.
import asyncio


async def main():
    q = asyncio.Queue(1)
    q.put_nowait("only")
    try:
        q.put_nowait("extra")
    except asyncio.QueueFull as e:
        print("QueueFull", repr(e), isinstance(e, Exception))
    print(q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e))
    print(asyncio.QueueFull.__name__, asyncio.QueueEmpty.__mro__[1].__name__)
    unbounded = asyncio.Queue()
    for i in range(1000):
        unbounded.put_nowait(i)
    print(unbounded.full(), unbounded.qsize())


asyncio.run(main())
