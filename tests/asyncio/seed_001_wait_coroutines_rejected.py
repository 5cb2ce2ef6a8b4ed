# Seed 001, example 5 as written: asyncio.wait given bare coroutines; Python 3.11 refuses them with a TypeError.
import asyncio


async def first_worker():
    for _ in range(5):
        print('worker one')
        await asyncio.sleep(1)


async def second_worker():
    for _ in range(5):
        print('worker two')
        await asyncio.sleep(1)


jobs = [first_worker(), second_worker()]
loop = asyncio.get_event_loop()
loop.run_until_complete(asyncio.wait(jobs))
