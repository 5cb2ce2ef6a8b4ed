# Seed 001, example 5 made to run on 3.11: the coroutines wrapped in tasks, then waited for; the workers alternate each second.
import asyncio
import time


async def first_worker():
    for _ in range(5):
        print('worker one at', time.time())
        await asyncio.sleep(1)


async def second_worker():
    for _ in range(5):
        print('worker two at', time.time())
        await asyncio.sleep(1)


loop = asyncio.get_event_loop()
jobs = [loop.create_task(first_worker()), loop.create_task(second_worker())]
loop.run_until_complete(asyncio.wait(jobs))
print('both done at', time.time())
