# Seed 002, example 16 as written: the consumer loops forever, so after the last item gather can never finish (the harness reports a deadlock).
import asyncio
from asyncio import Queue


async def consumer(queue: Queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(2)
        print(f'consumer took {item}')


async def producer(queue: Queue):
    for i in range(4):
        await queue.put(i)
        print(f'producer put {i}')
        await asyncio.sleep(1)
        queue.task_done()


async def main():
    queue = Queue(2)
    c = asyncio.create_task(consumer(queue))
    p = asyncio.create_task(producer(queue))
    await asyncio.gather(c, p, queue.join())


asyncio.run(main())
