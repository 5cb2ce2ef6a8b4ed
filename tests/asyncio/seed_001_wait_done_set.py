# Seed 001, example 11: wait(timeout=None) on three tasks of 1, 2 and 3 seconds returns after 3s; the done set is printed sorted (a set has no order).
import asyncio
import time


async def piece(x):
    print('waiting:', x)
    await asyncio.sleep(x)   # stands in for some I/O
    return 'finished after {}s'.format(x)


async def main():
    c1, c2, c3 = piece(1), piece(2), piece(3)
    jobs = [asyncio.ensure_future(c1), asyncio.ensure_future(c2), asyncio.ensure_future(c3)]
    finished, unfinished = await asyncio.wait(jobs, timeout=None)
    for r in sorted(t.result() for t in finished):
        print('result:', r)
    print('unfinished:', len(unfinished))


clock = lambda: time.time()
t0 = clock()
loop = asyncio.get_event_loop()
loop.run_until_complete(main())
print('elapsed:', clock() - t0)
