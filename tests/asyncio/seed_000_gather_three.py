# Seed 000, example 4: three tasks made with ensure_future before the loop runs; gather returns their results in order after one second.
import asyncio
import time

clock = lambda: time.time()


async def wait_then_double(v):
    print("waiting job:", v)
    await asyncio.sleep(1)   # gives the loop to the other tasks
    return v * 2


print("=== several tasks at once ===")
loop = asyncio.get_event_loop()
jobs = [asyncio.ensure_future(wait_then_double(v)) for v in (2, 3, 4)]
t0 = clock()
results = loop.run_until_complete(asyncio.gather(*jobs))
for r in results:
    print("gathered:", r)
print("took:", clock() - t0)
