# Seed 001, example 7: a coroutine awaits another coroutine, which awaits a two-second sleep; the caller resumes with its return value.
import asyncio
import time


async def helper():
    print('helper: begin')
    await asyncio.sleep(2)   # sleep's own result is None
    print('helper: end')
    return 'helper value'


async def outer():
    print('outer: running its own code')
    answer = await helper()
    print('outer got:', answer, 'at', time.time())


asyncio.run(outer())
