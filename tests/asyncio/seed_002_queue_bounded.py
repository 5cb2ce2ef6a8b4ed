# Seed 002, example 16 made to finish: a queue of size 2 between a fast producer and a slow consumer; put blocks when full, join waits for task_done.
import asyncio
import time


async def consumer(queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(2)
        print(f'{time.time():4.1f} consumer took {item}')
        queue.task_done()


async def producer(queue):
    for i in range(5):
        await queue.put(i)
        print(f'{time.time():4.1f} producer put {i} (size {queue.qsize()})')
        await asyncio.sleep(0.5)


async def main():
    queue = asyncio.Queue(2)
    c = asyncio.create_task(consumer(queue))
    await producer(queue)
    await queue.join()
    print(f'{time.time():4.1f} all items handled')
    c.cancel()


asyncio.run(main())
