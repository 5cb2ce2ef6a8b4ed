# A full Queue(maxsize=2) blocks put until a get makes room; putters resume in order; full() and qsize() follow.
import asyncio


async def putter(q, v):
    await q.put(v)
    print("put", v, "at", asyncio.get_running_loop().time(), "size", q.qsize())


async def main():
    q = asyncio.Queue(maxsize=2)
    ps = [asyncio.create_task(putter(q, v)) for v in "abcd"]
    await asyncio.sleep(0)
    print("full:", q.full(), "size:", q.qsize(), "maxsize:", q.maxsize)
    for _ in range(4):
        await asyncio.sleep(1)
        print("got", q.get_nowait())
    await asyncio.gather(*ps)
    print("empty:", q.empty())


asyncio.run(main())
