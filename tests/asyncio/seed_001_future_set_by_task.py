# Seed 001, example 14: a task sets the future's result after two seconds; the await on the future then returns at once.
import asyncio
import time


async def fill_later(fut):
    await asyncio.sleep(2)
    fut.set_result('666')


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    await loop.create_task(fill_later(fut))
    print('future done?', fut.done(), 'at', time.time())
    value = await fut
    print(value)


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
