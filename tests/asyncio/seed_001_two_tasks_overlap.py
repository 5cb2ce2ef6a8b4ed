# Seed 001, example 9: two tasks created first overlap their two-second sleeps; both start before either ends.
import asyncio
import time


async def helper():
    print('helper: begin')
    await asyncio.sleep(2)
    print('helper: end')
    return 'helper value'


async def outer():
    print('outer: running its own code')
    one = asyncio.create_task(helper())
    two = asyncio.create_task(helper())
    r1 = await one
    print('task one gave:', r1)
    r2 = await two
    print('task two gave:', r2, 'at', time.time())


asyncio.run(outer())
