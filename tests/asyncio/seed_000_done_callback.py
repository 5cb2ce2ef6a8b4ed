# Seed 000, example 3: ensure_future makes a task; its done callback sees the result before run_until_complete returns it.
import asyncio
import time

clock = lambda: time.time()


async def doubled(v):
    print("doubling:", v)
    return v * 2


def on_done(fut):
    print("callback got:", fut.result())


print("=== a task with a callback ===")
loop = asyncio.get_event_loop()
t0 = clock()
job = asyncio.ensure_future(doubled(3))
job.add_done_callback(on_done)
value = loop.run_until_complete(job)
print("took:", clock() - t0, "value:", value)
