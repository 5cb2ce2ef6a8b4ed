# Seed 001, example 22b: awaiting ensure_future(...) on the spot runs one sleep at a time: five rounds take 10s.
import asyncio
import time


async def round_trip():
    await asyncio.ensure_future(asyncio.sleep(1))
    await asyncio.ensure_future(asyncio.sleep(1))


clock = lambda: time.time()
t0 = clock()
loop = asyncio.get_event_loop()
for _ in range(5):
    loop.run_until_complete(round_trip())
print('one at a time total: %f s' % (clock() - t0))
