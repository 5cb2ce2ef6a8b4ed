# Seed 000, example 1: a coroutine run by get_event_loop().run_until_complete; its time.sleep blocks for the whole second.
import asyncio
import time

clock = lambda: time.time()


async def slow_job(n):
    print("working on:", n)
    time.sleep(1)   # a blocking call: nothing else could run meanwhile


print("=== run one coroutine ===")
t0 = clock()
loop = asyncio.get_event_loop()
loop.run_until_complete(slow_job(2))
print("took:", clock() - t0)
