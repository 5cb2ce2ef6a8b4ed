# Seed 001, example 4: the coroutine calls asyncio.sleep without await, so nothing waits; five asyncio.run calls take no time and each dropped sleep is warned about.
import asyncio
import time

clock = lambda: time.time()


async def quick():
    asyncio.sleep(1)   # no await: the sleep coroutine is created and dropped
    print('an async job ran')


t0 = clock()
for _ in range(5):
    asyncio.run(quick())
print('"async" total: %f s' % (clock() - t0))
