# A producer and a consumer moving 1,000,000 items through an asyncio.Queue
# of 100 places (so both sides block and wake each other).
import asyncio

ITEMS = 1_000_000
PLACES = 100


async def producer(q):
    for i in range(ITEMS):
        await q.put(i)
    await q.put(None)


async def consumer(q):
    count = total = 0
    while True:
        item = await q.get()
        if item is None:
            return count, total
        count += 1
        total += item


async def main():
    q = asyncio.Queue(PLACES)
    _, (count, total) = await asyncio.gather(producer(q), consumer(q))
    print(count, total)


asyncio.run(main())
