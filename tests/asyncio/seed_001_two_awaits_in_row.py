# Seed 001, example 8: two awaits of the same kind of coroutine, one after the other, take 2 + 2 seconds.
import asyncio
import time


async def helper():
    print('helper: begin')
    await asyncio.sleep(2)
    print('helper: end')
    return 'helper value'


async def outer():
    print('outer: running its own code')
    first = await helper()
    print('first result:', first, 'at', time.time())
    second = await helper()
    print('second result:', second, 'at', time.time())


loop = asyncio.get_event_loop()
loop.run_until_complete(outer())
