# Seed 000, example 4 (the commented-out variant): run_until_complete(asyncio.wait(tasks)), then read each task's result().
import asyncio
import time

clock = lambda: time.time()


async def wait_then_double(v):
    print("waiting job:", v)
    await asyncio.sleep(1)
    return v * 2


loop = asyncio.get_event_loop()
jobs = [asyncio.ensure_future(wait_then_double(v)) for v in (2, 3, 4)]
t0 = clock()
loop.run_until_complete(asyncio.wait(jobs))
for j in jobs:
    print("result:", j.result())
print("took:", clock() - t0)
