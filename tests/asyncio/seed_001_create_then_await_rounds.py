# Seed 001, example 22a: two sleep tasks created and then awaited overlap: five rounds take 5s.
import asyncio
import time


async def round_trip():
    first = asyncio.ensure_future(asyncio.sleep(1))
    second = asyncio.ensure_future(asyncio.sleep(1))
    await first
    await second


clock = lambda: time.time()
t0 = clock()
loop = asyncio.get_event_loop()
for _ in range(5):
    loop.run_until_complete(round_trip())
print('overlapping total: %f s' % (clock() - t0))
