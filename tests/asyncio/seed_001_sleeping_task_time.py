# Seed 001, example 21: a task that sleeps three seconds; the run takes exactly that long on the virtual clock.
import asyncio
import time


async def piece(x):
    print('waiting:', x)
    await asyncio.sleep(x)   # stands in for I/O
    return f'finished after {x}s'


clock = lambda: time.time()
t0 = clock()
loop = asyncio.get_event_loop()
job = loop.create_task(piece(3))
loop.run_until_complete(job)
print('result:', job.result())
print('elapsed:', clock() - t0)
